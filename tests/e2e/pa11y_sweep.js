// Runs pa11y over the pages of a JSON file, two at a time in one Chromium, and prints
// {"<label>": [issue, ...]} as JSON. One browser for every page: launching one per page would take
// longer than the checks. Usage: node pa11y_sweep.js pages.json (tests/e2e/test_pa11y.py writes it).
'use strict';
const fs = require('fs');
const pa11y = require('pa11y');
const puppeteer = require('puppeteer-core');

const PAGES_AT_ONCE = 2;

async function main() {
  const {options, pages} = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const browser = await puppeteer.launch(options.chromeLaunchConfig);
  const queue = [...pages];
  const results = {};
  async function work() {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const page = await browser.newPage();
      // A server error page has nothing wrong for HTML_CodeSniffer: it is reported as an error here.
      const serverErrors = [];
      page.on('response', response => {
        if (response.request().isNavigationRequest() && response.status() >= 500) {
          serverErrors.push({type: 'error', code: 'http', message: `HTTP ${response.status()}`, selector: ''});
        }
      });
      try {
        await page.setCookie(...(entry.cookies || []));
        const result = await pa11y(entry.url, {...options, ...entry.options, browser, page});
        results[entry.label] = [...serverErrors, ...result.issues];
      } catch (error) {
        results[entry.label] = [{type: 'error', code: 'pa11y', message: String(error), selector: ''}];
      }
      await page.close();
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
