// Live chat client. Protocol: docs/chat-protocol.md. No framework, no inline script, no innerHTML.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root) return;
  var strings = JSON.parse(document.getElementById("chat-strings").textContent);
  var log = document.getElementById("chat-log");
  var statusLine = document.getElementById("chat-status");
  var presenceLine = document.getElementById("chat-presence");
  var form = document.getElementById("chat-form");
  var textarea = document.getElementById("chat-text");
  var errorLine = document.getElementById("chat-error");
  var volunteerTools = document.getElementById("chat-volunteer");
  var participantList = document.getElementById("chat-participants");
  var rulePicker = document.getElementById("chat-rule");
  var reportsLine = document.getElementById("chat-reports");
  var reportDialog = document.getElementById("chat-report-dialog");
  var reportForm = document.getElementById("chat-report-form");
  var reportError = document.getElementById("chat-report-error");
  var reportedId = null;
  var moderator = false;
  var me = null;
  // Every change in the room has a revision. lastRev: all changes up to it have been applied. A gap
  // (the channel layer dropped something) is filled from the database with "resume".
  var lastRev = 0;
  var gapTimer = null;
  var socket = null;
  var retryDelay = 1000;
  var finished = false;
  var clientCounter = 0;
  // The text of the last send, kept in the box until the server acknowledges it: a refused send
  // (paused room, ended session, blocked message) leaves it there to send again.
  var pending = null;
  // Own messages waiting for a volunteer: their notice is replaced when the volunteer decides.
  var held = {};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  // The volunteers' rejections, removals, mutes and slow mode cite a rule: the one chosen in the
  // picker of the volunteer tools.
  function withRule(frame) {
    if (!rulePicker || !rulePicker.value) {
      errorLine.textContent = strings.choose_rule;
      if (rulePicker) rulePicker.focus();
      return;
    }
    errorLine.textContent = "";
    frame.rule = parseInt(rulePicker.value, 10);
    send(frame);
  }

  // Participants report a message through a small dialog; the rule is chosen there.
  function openReport(message) {
    reportedId = message.id;
    reportForm.reset();
    reportError.textContent = "";
    document.getElementById("chat-report-quote").textContent = message.author + ": " + message.text;
    reportDialog.showModal();
  }

  function setState(state) {
    root.dataset.state = state;
  }

  function button(label, onClick) {
    var b = el("button", "chat-small", label);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function renderMessage(message) {
    var existing = document.getElementById("message-" + message.id);
    var item = el("li", "chat-message chat-" + message.state);
    item.id = "message-" + message.id;
    var head = el("p", "chat-head");
    head.appendChild(el("strong", "", message.author));
    if (message.host) head.appendChild(el("span", "chat-badge", strings.volunteer));
    var time = el("time", "", message.sent_at.slice(11, 16));
    time.dateTime = message.sent_at;
    head.appendChild(document.createTextNode(" "));
    head.appendChild(time);
    item.appendChild(head);
    item.appendChild(el("p", "chat-text", message.text));
    if (message.state === "held") item.appendChild(el("p", "chat-held-note", strings.waiting));
    var actions = el("p", "chat-message-actions");
    if (moderator && message.state === "held") {
      actions.appendChild(button(strings.approve, function () { send({ type: "approve", id: message.id }); }));
      actions.appendChild(button(strings.reject, function () { withRule({ type: "reject", id: message.id }); }));
    } else if (moderator) {
      actions.appendChild(button(strings.remove, function () { withRule({ type: "remove", id: message.id }); }));
    } else if (me && message.author_id !== me.id && message.state === "published") {
      actions.appendChild(button(strings.report, function () { openReport(message); }));
    }
    if (actions.childNodes.length) item.appendChild(actions);
    if (held[message.id] && message.state !== "held") {
      delete held[message.id];
      notice(strings.held_published);
    }
    if (existing) {
      log.replaceChild(item, existing);
    } else {
      log.appendChild(item);
      item.scrollIntoView({ block: "nearest" });
    }
  }

  function removeMessage(id) {
    if (held[id]) {
      delete held[id];
      notice(strings.held_rejected);
    }
    var existing = document.getElementById("message-" + id);
    if (existing) {
      var gone = el("li", "chat-message chat-removed", strings.removed);
      gone.id = existing.id;
      log.replaceChild(gone, existing);
    }
  }

  function fillGap() {
    gapTimer = null;
    send({ type: "resume", after: lastRev });
  }

  function track(rev) {
    if (!rev || rev <= lastRev) return;
    if (rev === lastRev + 1) lastRev = rev;
    else if (!gapTimer) gapTimer = setTimeout(fillGap, 1500);
  }

  function apply(event) {
    if (event.type === "message") renderMessage(event);
    else if (event.type === "message.removed") removeMessage(event.id);
  }

  function renderPresence(presence) {
    var text = strings.present.replace("%(count)s", presence.present);
    if (presence.on_duty.length) text += " · " + strings.on_duty + " " + presence.on_duty.join(", ");
    presenceLine.textContent = text;
  }

  function renderParticipants(participants) {
    if (!participantList) return;
    participantList.textContent = "";
    participants.forEach(function (p) {
      var item = el("li", "", p.nickname + (p.muted ? " (" + strings.muted_label + ")" : ""));
      if (p.muted) item.appendChild(button(strings.unmute, function () { send({ type: "unmute", participant: p.id }); }));
      else item.appendChild(button(strings.mute, function () { withRule({ type: "mute", participant: p.id }); }));
      item.appendChild(button(strings.kick, function () { withRule({ type: "kick", participant: p.id }); }));
      participantList.appendChild(item);
    });
  }

  function notice(text) {
    statusLine.textContent = text;
  }

  // A sanction's notice, with the link to the page where it can be appealed.
  function sanctionNotice(frame) {
    notice(frame.message);
    if (frame.appeal_url) {
      var link = el("a", "", strings.appeal);
      link.href = frame.appeal_url;
      statusLine.appendChild(document.createTextNode(" "));
      statusLine.appendChild(link);
    }
  }

  function handle(frame) {
    switch (frame.type) {
      case "welcome":
        me = frame.you;
        moderator = frame.you.moderator;
        if (volunteerTools) volunteerTools.hidden = !moderator;
        form.hidden = false;
        if (me.muted) notice(strings.muted); else notice(strings.connected);
        setState("connected");
        renderPresence(frame.presence);
        if (frame.participants) renderParticipants(frame.participants);
        send({ type: "resume", after: lastRev });
        retryDelay = 1000;
        break;
      case "history":
        frame.events.forEach(apply);
        frame.events.forEach(function (event) { if (event.rev > frame.rev) frame.rev = event.rev; });
        if (frame.rev > lastRev) lastRev = frame.rev;
        break;
      case "message":
      case "message.removed":
        apply(frame);
        track(frame.rev);
        break;
      case "presence":
        renderPresence(frame);
        break;
      case "pong":
        renderPresence(frame.presence);
        break;
      case "participant":
        if (moderator) send({ type: "participants" });
        break;
      case "participants":
        renderParticipants(frame.participants);
        break;
      case "ack":
        errorLine.textContent = "";
        textarea.removeAttribute("aria-invalid");
        if (pending && frame.client_id === pending.id && textarea.value.trim() === pending.text) textarea.value = "";
        pending = null;
        if (frame.state === "held") held[frame.id] = true;
        if (frame.notice) notice(frame.notice);
        break;
      case "muted":
        sanctionNotice(frame);
        break;
      case "unmuted":
        notice(strings.unmuted);
        break;
      case "appeal_decided":
        notice(frame.message);
        break;
      case "report":
        var reported = document.getElementById("message-" + frame.id);
        if (reported) reported.classList.add("chat-reported");
        reportsLine.textContent = strings.report_received.replace("%(number)s", frame.rule) + (frame.note ? " " + frame.note : "");
        break;
      case "paused":
        // The status line is a polite live region: the notice and the crisis lines are read out.
        setState("paused");
        notice(frame.message);
        frame.crisis_contacts.forEach(function (contact) {
          statusLine.appendChild(document.createTextNode(" " + contact.name + (contact.phone ? " " + contact.phone : "") + "."));
        });
        break;
      case "resumed":
        setState("connected");
        notice(frame.message);
        break;
      case "ending":
        notice(frame.message);
        break;
      case "reported":
        errorLine.textContent = "";
        notice(strings.reported);
        break;
      case "support_sent":
        notice(strings.support_sent);
        break;
      case "support_alert":
        notice(strings.support_alert.replace("%(volunteer)s", frame.volunteer).replace("%(session)s", frame.session));
        break;
      case "session":
        notice(frame.slow_mode ? strings.slow.replace("%(seconds)s", frame.slow_mode) : strings.connected);
        break;
      case "session.closed":
        finished = true;
        form.hidden = true;
        setState("closed");
        notice(strings.closed);
        if (frame.feedback_url) {
          var link = el("a", "", strings.feedback);
          link.href = frame.feedback_url;
          statusLine.appendChild(document.createTextNode(" "));
          statusLine.appendChild(link);
        }
        break;
      case "sanctioned":
        finished = true;
        form.hidden = true;
        setState("closed");
        notice(frame.message);
        break;
      case "removed":
        finished = true;
        form.hidden = true;
        setState("closed");
        if (frame.message) sanctionNotice(frame); else notice(strings.removed_from_chat);
        break;
      case "error":
        errorLine.textContent = frame.message;
        if (frame.request === "send") pending = null;
        textarea.setAttribute("aria-invalid", "true");
        break;
      default:
        break;
    }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var lang = encodeURIComponent(document.documentElement.lang || "fi");
    socket = new WebSocket(scheme + window.location.host + root.dataset.wsPath + "?lang=" + lang);
    socket.addEventListener("message", function (event) {
      handle(JSON.parse(event.data));
    });
    socket.addEventListener("close", function (event) {
      form.hidden = true;
      if (finished || event.code === 4000 || event.code === 4403 || event.code === 4429) {
        finished = true;
        if (event.code === 4403 && !statusLine.textContent) notice(strings.removed_from_chat);
        setState("closed");
        return;
      }
      setState("reconnecting");
      notice(strings.reconnecting);
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = textarea.value.trim();
    if (!text) return;
    clientCounter += 1;
    pending = { id: String(clientCounter), text: text };
    send({ type: "send", text: text, client_id: pending.id });
  });

  // Enter sends, Shift+Enter starts a new line (and an input method's composition is left alone).
  textarea.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    event.preventDefault();
    form.requestSubmit();
  });

  reportForm.addEventListener("submit", function (event) {
    var choice = reportForm.querySelector("input[name=rule]:checked");
    if (!choice) {
      event.preventDefault();
      reportError.textContent = strings.choose_rule_report;
      reportForm.querySelector("input[name=rule]").focus();
      return;
    }
    send({ type: "report", id: reportedId, rule: parseInt(choice.value, 10), note: reportForm.elements.note.value });
  });
  document.getElementById("chat-report-cancel").addEventListener("click", function () { reportDialog.close(); });

  function tool(id, build) {
    var toolForm = document.getElementById(id);
    if (!toolForm) return;
    toolForm.addEventListener("submit", function (event) {
      event.preventDefault();
      send(build(toolForm));
    });
  }
  var refresh = document.getElementById("chat-participants-refresh");
  if (refresh) refresh.addEventListener("click", function () { send({ type: "participants" }); });
  var slowForm = document.getElementById("chat-slow");
  if (slowForm) {
    slowForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var seconds = parseInt(slowForm.elements.seconds.value, 10) || 0;
      if (seconds) withRule({ type: "slow", seconds: seconds });
      else send({ type: "slow", seconds: 0 });
    });
  }
  tool("chat-extend", function (f) { return { type: "extend", minutes: parseInt(f.elements.minutes.value, 10) || 0 }; });
  tool("chat-handover", function (f) { return { type: "handover", to: f.elements.to.value }; });
  tool("chat-support", function (f) { return { type: "support", note: f.elements.note.value }; });

  // A ping now and then keeps the presence figures fresh (and the connection alive through proxies).
  setInterval(function () { send({ type: "ping" }); }, 30000);

  setState("connecting");
  connect();
})();
