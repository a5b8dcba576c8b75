// Runs pa11y over the pages of a JSON file, two at a time in one Chromium, and prints
// {"<label>": [issue, ...]} as JSON. Usage: node pa11y_sweep.js pages.json (test_pa11y.py writes it).
//
// One browser for every page (launching one per page would take longer than the checks), but each page
// in a browser context of its own, so its cookies are its own: two pages loaded at once in one cookie
// jar can each be given a new CSRF cookie, and the form whose cookie was overwritten is refused (403).
//
// A page with "sendEmpty" ({button, errors}: two selectors) is loaded and its form sent as it is through
// that button; the answer must show the errors, and pa11y checks that answer.
'use strict';
const fs = require('fs');
const pa11y = require('pa11y');
const puppeteer = require('puppeteer-core');

const PAGES_AT_ONCE = 2;
const NAVIGATION = {waitUntil: 'load', timeout: 60_000};

/** Loads url, sends its form empty and returns a problem found on the way, or null. */
async function sendEmpty(page, url, {button, errors}) {
  await page.goto(url, NAVIGATION);
  const [answer] = await Promise.all([
    page.waitForNavigation(NAVIGATION),
    page.$eval(button, element => element.form.requestSubmit(element)),
  ]);
  if (await page.$(errors)) {
    return null;
  }
  const message = `sent empty, the answer (HTTP ${answer.status()}) shows no ${errors}`;
  return {type: 'error', code: 'send-empty', message, selector: button};
}

async function main() {
  const {options, pages} = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const browser = await puppeteer.launch(options.chromeLaunchConfig);
  const queue = [...pages];
  const results = {};
  async function work() {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      // A server error page has nothing wrong for HTML_CodeSniffer: it is reported as an error here.
      const serverErrors = [];
      page.on('response', response => {
        if (response.request().isNavigationRequest() && response.status() >= 500) {
          serverErrors.push({type: 'error', code: 'http', message: `HTTP ${response.status()}`, selector: ''});
        }
      });
      try {
        await page.setCookie(...(entry.cookies || []));
        const problem = entry.sendEmpty ? await sendEmpty(page, entry.url, entry.sendEmpty) : null;
        const ignoreUrl = Boolean(entry.sendEmpty);
        const result = await pa11y(entry.url, {...options, browser, page, ignoreUrl});
        results[entry.label] = [...serverErrors, ...(problem ? [problem] : []), ...result.issues];
      } catch (error) {
        results[entry.label] = [{type: 'error', code: 'pa11y', message: String(error), selector: ''}];
      }
      await context.close();
    }
  }
  await Promise.all(Array.from({length: PAGES_AT_ONCE}, work));
  await browser.close();
  process.stdout.write(JSON.stringify(results));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
