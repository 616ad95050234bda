// The web app end to end, in a real browser: the release build in dist/, served with the
// API from one origin by `redeem-server serve --web dist --demo` on loopback, driven in
// headless Chromium through playwright-core. Every control is found as assistive
// technology finds it, by its role and accessible name in the accessible mirror of egui's
// tree (crates/egui-web-a11y), never by a point on the canvas. A person signs in with the
// demo account, redeems a demo card and adds money with the test payment provider's card
// that goes through; the server's own API then has to show both credits: the balance went
// up by the card's value and the amount paid, and the ledger has the two entries. A second run does
// the same with key presses only: sign in, redeem a card, open the history.
// Along the way: the .wasm arrives gzipped, the sign-in screen gets the server's demo
// account and cards, the history's CSV export arrives as a browser download, local
// storage holds the preferences as RON and no secret, a reload signs out and restores the
// stored preferences, and the app starts without a network from the service worker's cache.
// Then the browser asks for German (de-DE), and for Japanese (ja-JP): the app speaks it,
// the page's lang says so, and a person signs in and opens the redeem screen by the
// translated names, read from assets/locales/<language>/*.ftl by message id.
//
//   node tests/web/e2e.mjs [--out DIR] [--update-docs]
//
// Environment:
//   REDEEM_SERVER_BIN  the redeem-server binary (default: target/debug/redeem-server)
//   REDEEM_WEB_DIST    the web build (default: dist)
//   CHROMIUM           the browser (default: /usr/bin/chromium)
//
// Screenshots of every step go to --out (default: target/web-e2e); --update-docs also
// copies the balance after redeeming to docs/web-balance.png and the add-money review and
// receipt to docs/web-add-money-*.png. Exits non-zero on any failure.

import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// scripts/setup.sh installs playwright-core into the git-ignored .tools/.
const toolsRequire = createRequire(path.join(ROOT, ".tools", "package.json"));
const { chromium } = toolsRequire("playwright-core");
// axe-core, the accessibility audit, also from .tools/ (scripts/setup.sh pins it).
const AXE_SCRIPT = toolsRequire.resolve("axe-core/axe.min.js");

const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const OUT = path.resolve(outIndex >= 0 ? args[outIndex + 1] : path.join(ROOT, "target", "web-e2e"));
const UPDATE_DOCS = args.includes("--update-docs");
const SERVER_BIN = process.env.REDEEM_SERVER_BIN ?? path.join(ROOT, "target", "debug", "redeem-server");
const DIST = path.resolve(process.env.REDEEM_WEB_DIST ?? path.join(ROOT, "dist"));
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

const VIEWPORT = { width: 1200, height: 800 };
const CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--no-first-run",
];
const STEP_TIMEOUT_MS = 30_000;

function log(message) {
    console.log(`web e2e: ${message}`);
}

function fail(message) {
    throw new Error(message);
}

/**
 * The simple messages (`id = text` on one line) of a language's .ftl files, by id: what
 * the app shows for them. Messages with placeables or on several lines are left out; the
 * controls the test finds have neither.
 */
function ftlMessages(language) {
    const folder = path.join(ROOT, "assets", "locales", language);
    const messages = new Map();
    for (const file of fs.readdirSync(folder).filter((name) => name.endsWith(".ftl"))) {
        for (const line of fs.readFileSync(path.join(folder, file), "utf8").split("\n")) {
            const match = /^([a-z][a-z0-9-]*) = (\S.*?)\s*$/.exec(line);
            if (match && !match[2].includes("{")) messages.set(match[1], match[2]);
        }
    }
    return messages;
}

/**
 * Message `id` as the app shows it in `language`: the language's text, else English's
 * (the app falls back message by message), else `english`, the text the app shows while
 * the message has no id yet.
 */
function translated(language, id, english) {
    return ftlMessages(language).get(id) ?? ftlMessages("en").get(id) ?? english;
}

/** Violations of "serious" or "critical" impact found on each screen audited. */
const auditFindings = [];

/** Runs axe-core on the page as it is, and records serious and critical violations. */
async function audit(page, screen) {
    await page.waitForTimeout(200);
    if (!(await page.evaluate(() => typeof window.axe === "object"))) {
        await page.addScriptTag({ path: AXE_SCRIPT });
    }
    const violations = await page.evaluate(async () => {
        const results = await window.axe.run(document, { resultTypes: ["violations"] });
        return results.violations
            .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
            .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
    });
    log(`axe on ${screen}: ${violations.length} serious or critical`);
    for (const violation of violations) auditFindings.push(`${screen}: ${violation}`);
}

/** Waits until `check` resolves true, or fails saying what did not happen. */
async function waitFor(check, what) {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    while (!(await check())) {
        if (Date.now() > deadline) fail(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

/** Starts the server on a free loopback port; resolves once it says where it listens. */
async function startServer(dataDir) {
    if (!fs.existsSync(path.join(DIST, "index.html"))) {
        fail(`no web build in ${DIST}: run trunk build --release first`);
    }
    const child = spawn(
        SERVER_BIN,
        [
            "--database", `sqlite://${path.join(dataDir, "ledger.sqlite3")}`,
            "--pepper-file", path.join(dataDir, "pepper"),
            "serve", "--listen", "127.0.0.1:0", "--web", DIST, "--demo",
        ],
        {
            stdio: ["ignore", "pipe", fs.openSync(path.join(OUT, "server.log"), "w")],
            env: { ...process.env, RUST_LOG: "warn" },
        },
    );
    const exited = new Promise((resolve) => child.once("exit", resolve));
    // Interrupted (Ctrl-C, or the test script stopped): the server goes too.
    for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]]) {
        process.once(signal, () => {
            child.kill("SIGTERM");
            fs.rmSync(dataDir, { recursive: true, force: true });
            process.exit(code);
        });
    }
    const lines = readline.createInterface({ input: child.stdout });
    const demo = { cards: [] };
    const base = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("the server did not start in 60 s")), 60_000);
        exited.then((code) => reject(new Error(`the server exited (${code}); see server.log`)));
        lines.on("line", (line) => {
            let match;
            if ((match = /^demo account: (\S+)/.exec(line))) {
                demo.email = match[1];
            } else if ((match = /^demo password: (\S+)/.exec(line))) {
                demo.password = match[1];
            } else if ((match = /^\s+(\S{4}-\S{4}-\S{4}-\S{4})\s+(\d+)\.(\d{2}) (\w{3})\s+(\w\w)\s+(.*)$/.exec(line))) {
                demo.cards.push({
                    code: match[1],
                    amountMinor: Number(match[2]) * 100 + Number(match[3]),
                    currency: match[4],
                    region: match[5],
                    ready: match[6] === "ready to redeem",
                });
            } else if ((match = /^listening on (\S+)/.exec(line))) {
                clearTimeout(timer);
                resolve(match[1]);
            }
        });
    });
    return { child, base, demo, exited };
}

/** The server's own view, through its API with the demo credentials. */
async function api(base, demo) {
    const signIn = await fetch(`${base}/v1/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: demo.email, password: demo.password }),
    });
    if (signIn.status !== 200) fail(`API sign-in answered ${signIn.status}`);
    const { token } = await signIn.json();
    const get = async (pathAndQuery) => {
        const response = await fetch(`${base}${pathAndQuery}`, {
            headers: { authorization: `Bearer ${token}` },
        });
        if (response.status !== 200) fail(`GET ${pathAndQuery} answered ${response.status}`);
        return response.json();
    };
    return {
        balance: async () => (await get("/v1/balance")).available,
        transactions: async () => (await get("/v1/transactions?limit=20")).items,
        signOut: () => fetch(`${base}/v1/session`, {
            method: "DELETE",
            headers: { authorization: `Bearer ${token}` },
        }),
    };
}

/**
 * Sign in, redeem a card and open the history with key presses only, in a fresh page:
 * Tab and Shift+Tab move through the mirror in the order egui lays the widgets out,
 * Enter and Space act, and each step asserts where the focus is by role and name.
 */
/**
 * The app at 320 CSS px wide and at 200 % zoom (a 1280 x 800 window: 640 x 400 CSS px at a
 * device pixel ratio of 2), signed in: every screen button and "Sign out" can still be
 * found and used by role and name (WCAG 1.4.10; the kittest suite checks that the wrapped
 * top bar's items never overlap). Screenshots for docs/ with --update-docs.
 */
async function narrowAndZoomed(base, demo, screenshot, setPage) {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
        await narrowAndZoomedIn(browser, base, demo, screenshot, setPage);
    } finally {
        await browser.close().catch(() => {});
    }
}

async function narrowAndZoomedIn(browser, base, demo, screenshot, setPage) {
    for (const [name, options] of [
        ["width-320", { viewport: { width: 320, height: 640 } }],
        ["zoom-200", { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }],
    ]) {
        const context = await browser.newContext({ ...options, locale: "en-US" });
        const page = await context.newPage();
        setPage(page);
        page.setDefaultTimeout(STEP_TIMEOUT_MS);
        await page.goto(`${base}/`);
        await page.waitForSelector("#loading_text", { state: "detached" });
        await page.getByRole("textbox", { name: "Email", exact: true }).fill(demo.email);
        await page.getByLabel("Password", { exact: true }).fill(demo.password);
        await page.getByRole("button", { name: "Sign in", exact: true }).press("Enter");
        await page.getByRole("button", { name: "Sign out" }).waitFor({ state: "attached" });
        await page.getByRole("button", { name: "Redeem a gift card", exact: true }).dispatchEvent("click");
        await page.getByRole("textbox", { name: "Gift card code" }).waitFor({ state: "attached" });
        await page.waitForTimeout(500);
        const shot = await screenshot(`${name}-redeem`);
        if (UPDATE_DOCS) {
            fs.copyFileSync(shot, path.join(ROOT, "docs", `web-${name}-redeem.png`));
            log(`updated docs/web-${name}-redeem.png`);
        }
        await context.close();
        log(`${name}: signed in and opened the redeem screen`);
    }
}

async function keyboardOnly(browser, base, demo, card, answered, screenshot, setPage) {
    if (!card) fail("the server printed no second US demo card");
    log(`keyboard only: signing in and redeeming the card ending ${card.code.slice(-4)}`);
    const page = await browser.newPage();
    setPage(page);
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(`${base}/`);
    await page.waitForSelector("#loading_text", { state: "detached" });
    const focusedIs = (role, name) =>
        page.getByRole(role, { name, exact: true }).evaluate((element) => element === document.activeElement).catch(() => false);
    /** Presses Tab (or Shift+Tab) until the control is focused; fails after 60 presses. */
    const tabTo = async (role, name, key = "Tab") => {
        for (let presses = 0; presses < 60; presses += 1) {
            if (await focusedIs(role, name)) return;
            await page.keyboard.press(key);
        }
        fail(`${key} never reached the ${role} "${name}"`);
    };
    // The page starts with nothing focused: the first Tab enters the app.
    await tabTo("textbox", "Email");
    await page.keyboard.type(demo.email);
    await tabTo("textbox", "Password");
    await page.keyboard.type(demo.password);
    // Back and forth: Shift+Tab returns to the e-mail field, Tab to the password.
    await tabTo("textbox", "Email", "Shift+Tab");
    await tabTo("textbox", "Password");
    const signedIn = answered("POST", "/v1/session", 200);
    await page.keyboard.press("Enter");
    await signedIn;
    await page.getByRole("button", { name: "Sign out" }).waitFor({ state: "attached" });

    await tabTo("button", "Redeem a gift card");
    await page.keyboard.press("Space");
    await tabTo("textbox", "Gift card code");
    const previewed = answered("POST", "/v1/redemptions/preview", 200);
    await page.keyboard.type(card.code);
    await page.keyboard.press("Enter");
    await previewed;
    await tabTo("button", "Confirm and redeem");
    await screenshot("keyboard-preview");
    const redeemed = answered("POST", "/v1/redemptions", 201);
    await page.keyboard.press("Enter");
    const receipt = await (await redeemed).json();
    if (receipt.credited?.amount_minor !== card.amountMinor) {
        fail(`the keyboard redeem credited ${JSON.stringify(receipt.credited)}`);
    }
    await page.getByText("Gift card redeemed").waitFor({ state: "attached" });

    await tabTo("button", "History");
    await page.keyboard.press("Enter");
    // The history screen is there (its entries may have been fetched before).
    await page.getByRole("button", { name: "Export CSV" }).waitFor({ state: "attached" });
    await page.getByText(`card ending ${card.code.slice(-4)}`).first().waitFor({ state: "attached" });
    await screenshot("keyboard-history");
    await page.close();
    log("keyboard only: signed in, redeemed and opened the history");
}

/**
 * The browser asks for `locale` (`navigator.languages`, as a visitor's browser set to that
 * language would): the app speaks the language, sets the page's lang to it, and a person
 * signs in and opens the redeem screen, finding each control by role and translated name.
 */
async function inLocale(base, demo, locale, screenshot, setPage) {
    const language = locale.split("-")[0];
    log(`in ${locale}: signing in and opening the redeem screen`);
    const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
    });
    try {
        const context = await browser.newContext({ locale, viewport: VIEWPORT });
        const page = await context.newPage();
        setPage(page);
        page.setDefaultTimeout(STEP_TIMEOUT_MS);
        await page.goto(`${base}/`);
        await page.waitForSelector("#loading_text", { state: "detached" });
        await waitFor(async () => (await page.evaluate(() => document.documentElement.lang)) === language, `the page's lang to be ${language}`);
        await page.getByRole("textbox", { name: translated(language, "app-sign-in-email", "Email"), exact: true }).fill(demo.email);
        const password = page.getByLabel(translated(language, "app-sign-in-password", "Password"), { exact: true });
        await password.fill(demo.password);
        const signedIn = page.waitForResponse(
            (response) => new URL(response.url()).pathname === "/v1/session" && response.status() === 200,
        );
        await page.getByRole("button", { name: translated(language, "app-sign-in-submit", "Sign in"), exact: true }).press("Enter");
        await signedIn;
        // The balance screen in the language, once its amounts have arrived.
        await page.getByRole("button", { name: translated(language, "screen-balance", "Balance"), exact: true }).waitFor({ state: "attached" });
        await page.waitForTimeout(800);
        const balanceShot = await screenshot(`${locale}-balance`);
        const redeemScreen = translated(language, "screen-redeem", "Redeem a gift card");
        if (language !== "en" && redeemScreen === ftlMessages("en").get("screen-redeem")) {
            fail(`assets/locales/${language} does not translate screen-redeem`);
        }
        await page.getByRole("button", { name: redeemScreen, exact: true }).dispatchEvent("click");
        // The redeem screen's one text field, the code, whatever its name in the language.
        await page.getByRole("textbox").first().waitFor({ state: "attached" });
        await page.waitForTimeout(300);
        const redeemShot = await screenshot(`${locale}-redeem`);
        if (UPDATE_DOCS) {
            fs.copyFileSync(balanceShot, path.join(ROOT, "docs", `web-balance-${language}.png`));
            fs.copyFileSync(redeemShot, path.join(ROOT, "docs", `web-redeem-${language}.png`));
            log(`updated docs/web-balance-${language}.png and docs/web-redeem-${language}.png`);
        }
        await context.close();
    } finally {
        await browser.close().catch(() => {});
    }
    log(`in ${locale}: signed in and opened "${translated(language, "screen-redeem", "")}"`);
}

async function main() {
    fs.mkdirSync(OUT, { recursive: true });
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), "redeem-web-e2e-"));
    let server;
    let browser;
    let shot = 0;
    let page;
    /** Mean brightness (0 to 255) of the whole page, to tell a light theme from a dark. */
    const backgroundBrightness = async () => {
        const png = await page.screenshot();
        return page.evaluate(async (data) => {
            const image = new Image();
            image.src = `data:image/png;base64,${data}`;
            await image.decode();
            // Drawn onto one pixel: the browser averages the page.
            const canvas = document.createElement("canvas");
            canvas.width = canvas.height = 1;
            const context = canvas.getContext("2d");
            context.drawImage(image, 0, 0, 1, 1);
            const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
            return (r + g + b) / 3;
        }, png.toString("base64"));
    };
    const screenshot = async (name) => {
        shot += 1;
        const file = path.join(OUT, `${String(shot).padStart(2, "0")}-${name}.png`);
        await page.screenshot({ path: file });
        return file;
    };
    try {
        server = await startServer(temp);
        const { base, demo } = server;
        log(`server on ${base}`);
        const card = demo.cards.find((c) => c.ready && c.region === "US");
        if (!demo.email || !demo.password || !card) fail("the server printed no demo account or card");

        const serverView = await api(base, demo);
        const before = await serverView.balance();
        const entriesBefore = await serverView.transactions();

        browser = await chromium.launchPersistentContext(path.join(temp, "profile"), {
            executablePath: CHROMIUM,
            headless: true,
            viewport: VIEWPORT,
            // English whatever the machine's locale: the names below are the English ones.
            locale: "en-US",
            args: CHROMIUM_ARGS,
        });
        page = browser.pages()[0] ?? (await browser.newPage());
        page.setDefaultTimeout(STEP_TIMEOUT_MS);
        const pageErrors = [];
        page.on("pageerror", (error) => pageErrors.push(String(error)));
        page.on("console", (message) => {
            if (message.type() === "error") pageErrors.push(message.text());
        });
        // Answers of the API to the app, to wait for each step without guessing times.
        const answered = (method, route, status) => {
            const waiting = page.waitForResponse(
                (response) =>
                    response.request().method() === method &&
                    new URL(response.url()).pathname === route &&
                    response.status() === status,
            );
            // Awaited later; until then a timeout must not end the process unhandled.
            waiting.catch(() => {});
            return waiting;
        };

        // The page, as a visitor opens it; the app replaces the loading text once running,
        // and asks the server for the demo account and cards to offer on sign-in.
        const demoOffered = answered("GET", "/v1/demo", 200);
        const wasmLoaded = page.waitForResponse((response) => response.url().endsWith(".wasm"));
        wasmLoaded.catch(() => {});
        await page.goto(`${base}/`);
        await page.waitForSelector("#loading_text", { state: "detached" });
        await demoOffered;
        // The server sends the build's gzip copy of the app (scripts/web-gzip.sh).
        const wasm = await wasmLoaded;
        if (wasm.status() !== 200 || wasm.headers()["content-encoding"] !== "gzip") {
            fail(`the .wasm came as ${wasm.status()} ${wasm.headers()["content-encoding"] ?? "uncompressed"}`);
        }
        await page.waitForTimeout(300);
        await screenshot("sign-in");
        await audit(page, "sign-in");
        const lightBackground = await backgroundBrightness();

        log("signing in with the demo account");
        const signedIn = answered("POST", "/v1/session", 200);
        const balanceShown = answered("GET", "/v1/balance", 200);
        await page.getByRole("textbox", { name: "Email" }).fill(demo.email);
        const password = page.getByLabel("Password");
        await password.fill(demo.password);
        // The mirror holds egui's mask, never the password itself.
        if ((await password.inputValue()).includes(demo.password)) fail("the password field holds the password");
        await password.press("Enter");
        const { token } = await (await signedIn).json();
        await balanceShown;
        await page.waitForTimeout(300);
        await screenshot("balance-before");
        await audit(page, "balance");

        log(`redeeming the demo card ending ${card.code.slice(-4)}`);
        // A screen reader's click: a click event on the element, not a point on the screen.
        await page.getByRole("button", { name: "Redeem a gift card" }).dispatchEvent("click");
        const codeField = page.getByRole("textbox", { name: "Gift card code" });
        await audit(page, "redeem, empty");
        // A typo: one character that cannot be in a code is flagged at once.
        await codeField.fill(`${card.code.slice(0, 5)}U`);
        await page.waitForTimeout(300);
        await screenshot("typo");
        await audit(page, "redeem, typo");
        await codeField.fill("");
        // Typed as a person might: lower case, spaces instead of dashes.
        const previewed = answered("POST", "/v1/redemptions/preview", 200);
        await codeField.pressSequentially(card.code.toLowerCase().replaceAll("-", " "));
        // egui groups the code as it is typed, and the field shows egui's text.
        await waitFor(async () => (await codeField.inputValue()) === card.code, "the code field to show the grouped code");
        await codeField.press("Enter");
        await previewed;
        await page.waitForTimeout(300);
        await screenshot("preview");
        await audit(page, "redeem, preview");
        const redeemed = answered("POST", "/v1/redemptions", 201);
        await page.getByRole("button", { name: "Confirm and redeem" }).press("Enter");
        const receipt = await (await redeemed).json();
        await page.getByText("Gift card redeemed").waitFor({ state: "attached" });
        await audit(page, "redeem, result");
        await page.waitForTimeout(300);
        await screenshot("redeemed");

        // The same card again: the server refuses it, and the app explains why.
        await page.getByRole("button", { name: "Redeem another card" }).press("Enter");
        const refused = page.waitForResponse(
            (response) => new URL(response.url()).pathname === "/v1/redemptions/preview" && response.status() >= 400,
        );
        const errorsBefore = pageErrors.length;
        // The form is back once egui has emptied the field; the code is in it once egui
        // shows it: each is a frame of the app's, which the browser does not wait for.
        await waitFor(async () => (await codeField.inputValue()) === "", "the code field to be emptied");
        await codeField.fill(card.code);
        await waitFor(async () => (await codeField.inputValue()) === card.code, "the code field to show the code");
        // This time with the button, as a screen reader user who pastes the code would.
        await page.getByRole("button", { name: "Check code", exact: true }).dispatchEvent("click");
        await refused;
        await page.waitForTimeout(300);
        await screenshot("redeem-error");
        await audit(page, "redeem, error");
        // The browser logs the refusal the test asked for; nothing else may be logged.
        const logged = pageErrors.splice(errorsBefore);
        pageErrors.push(...logged.filter((message) => !/status of 4\d\d/.test(message)));

        await page.getByRole("button", { name: "Balance" }).press("Enter");
        await page.waitForTimeout(500);
        const balanceShot = await screenshot("balance-after");

        // Adding money once, with the test provider's card that goes through, as a screen
        // reader user would: by role and name.
        log("adding money with a test card");
        const optionsLoaded = answered("GET", "/v1/funds/options", 200);
        await page.getByRole("button", { name: "Add money", exact: true }).dispatchEvent("click");
        await optionsLoaded;
        await page.getByRole("button", { name: /goes through$/ }).first().dispatchEvent("click");
        await page.getByRole("button", { name: "Review", exact: true }).dispatchEvent("click");
        const payButton = page.getByRole("button", { name: /^Pay / });
        await payButton.waitFor({ state: "attached" });
        await page.waitForTimeout(300);
        const addMoneyShot = await screenshot("add-money-review");
        await audit(page, "add money, review");
        const paid = answered("POST", "/v1/funds", 201);
        await payButton.dispatchEvent("click");
        const payment = await (await paid).json();
        if (payment.status !== "succeeded" || !payment.receipt_id) fail(`the payment answered ${JSON.stringify(payment)}`);
        await page.getByText("Money added").waitFor({ state: "attached" });
        await page.waitForTimeout(300);
        const addMoneyDoneShot = await screenshot("add-money-done");
        await audit(page, "add money, done");
        // Nothing of the card number is left in the page: not in its text, not in an
        // attribute or a field's value (the scripts the test itself injected, axe-core
        // among them, are not the page's).
        const pageText = await page.evaluate(() => {
            const parts = [];
            for (const element of document.querySelectorAll("body *:not(script):not(style)")) {
                for (const attribute of element.attributes) {
                    // Ids and the references to them are the mirror's node numbers.
                    if (!/^(id|for|aria-(labelledby|describedby|controls|owns|activedescendant|details|flowto))$/.test(attribute.name)) {
                        parts.push(attribute.value);
                    }
                }
                if ("value" in element && typeof element.value === "string") parts.push(element.value);
            }
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (!node.parentElement.closest("script, style")) parts.push(node.data);
            }
            return parts.join("\n");
        });
        if (/(?<![0-9])4[0-9]{3}[ -]?[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])/.test(pageText)) {
            fail("a card number is left in the page");
        }
        await page.getByRole("button", { name: "Back to balance", exact: true }).dispatchEvent("click");
        await page.waitForTimeout(300);

        // The history, and its CSV export as a download of the browser.
        await page.getByRole("button", { name: "History" }).press("Enter");
        await page.waitForTimeout(800);
        await screenshot("history");
        await audit(page, "history");
        const download = page.waitForEvent("download");
        await page.getByRole("button", { name: "Export CSV" }).press("Enter");
        const csvFile = await download;
        if (!/^redeem-history-[0-9-]+\.csv$/.test(csvFile.suggestedFilename())) {
            fail(`the export is named ${csvFile.suggestedFilename()}`);
        }
        const csvPath = path.join(OUT, csvFile.suggestedFilename());
        await csvFile.saveAs(csvPath);
        const csv = fs.readFileSync(csvPath, "utf8").split("\r\n");
        const value = `${Math.trunc(card.amountMinor / 100)}.${String(card.amountMinor % 100).padStart(2, "0")}`;
        if (
            !csv[0].startsWith("date,kind,") ||
            !csv.some((row) => row.includes(`gift_card_redemption,`) && row.includes(card.code.slice(-4)) && row.includes(`,${value},${card.currency},`))
        ) {
            fail(`the CSV export lacks the redeemed card:\n${csv.slice(0, 3).join("\n")}`);
        }

        // Preferences are in local storage as RON; no secret is, anywhere in it.
        const stored = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
        const preferences = stored["redeem.preferences"];
        if (!preferences?.trimStart().startsWith("(") || !/\bversion: *1\b/.test(preferences)) {
            fail(`no RON preferences in local storage: ${JSON.stringify(stored)}`);
        }
        const storedText = JSON.stringify(stored).toLowerCase();
        for (const secret of [token, demo.password, card.code, card.code.replaceAll("-", "")]) {
            if (storedText.includes(secret.toLowerCase())) fail("a secret reached local storage");
        }

        // The session lives in memory only: after a reload the app asks to sign in again
        // and makes no call that needs a session. The preferences come back from local
        // storage: the dark theme, stored before the app starts again, is the one shown.
        // (Set from an init script: on unload the app saves its own preferences, the
        // light ones, over anything the page wrote before.)
        await page.addInitScript((text) => {
            localStorage.setItem("redeem.preferences", text);
        }, preferences.replace(/\btheme: *\w+/, "theme: Dark"));
        const afterReload = [];
        page.on("request", (request) => {
            if (request.headers().authorization) afterReload.push(request.url());
        });
        await page.reload();
        await page.waitForSelector("#loading_text", { state: "detached" });
        await page.waitForTimeout(1500);
        await screenshot("after-reload");
        if (afterReload.length > 0) fail(`signed in after a reload: ${afterReload.join(", ")}`);
        const darkBackground = await backgroundBrightness();
        if (!(lightBackground > 150 && darkBackground < 100)) {
            fail(`the stored dark theme was not restored after a reload: background brightness ${lightBackground} before, ${darkBackground} after`);
        }
        if (auditFindings.length > 0) fail(`axe found serious or critical violations:\n  ${auditFindings.join("\n  ")}`);
        if (pageErrors.length > 0) fail(`the page reported errors:\n  ${pageErrors.join("\n  ")}`);

        // The service worker keeps the app shell: without a network the app still starts
        // (and can only say that the server cannot be reached).
        await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
        await browser.setOffline(true);
        await page.reload();
        await page.waitForSelector("#loading_text", { state: "detached" });
        await page.waitForTimeout(500);
        await screenshot("offline-start");
        await browser.setOffline(false);

        // The server's word, not the page's: the money arrived, once each, in the ledger.
        const after = await serverView.balance();
        const added = payment.amount.amount_minor;
        const expected = before.amount_minor + card.amountMinor + added;
        if (after.currency !== card.currency || after.amount_minor !== expected) {
            fail(`balance on the server is ${JSON.stringify(after)}, expected ${expected} ${card.currency}`);
        }
        if (receipt.credited?.amount_minor !== card.amountMinor) {
            fail(`the redeem answer credited ${JSON.stringify(receipt.credited)}`);
        }
        const entriesAfter = await serverView.transactions();
        const fresh = entriesAfter.filter((e) => !entriesBefore.some((old) => old.id === e.id));
        const redemption = fresh.filter((e) => e.kind === "gift_card_redemption");
        const funds = fresh.filter((e) => e.kind === "added_funds");
        if (
            fresh.length !== 2 ||
            redemption.length !== 1 ||
            redemption[0].amount.amount_minor !== card.amountMinor ||
            !redemption[0].source.endsWith(card.code.slice(-4)) ||
            funds.length !== 1 ||
            funds[0].amount.amount_minor !== added ||
            funds[0].balance_after.amount_minor !== expected
        ) {
            fail(`expected one new gift card entry and one added-funds entry in the ledger, got ${JSON.stringify(fresh)}`);
        }
        await serverView.signOut();
        log(`balance ${before.amount_minor} -> ${after.amount_minor} ${after.currency} on the server; ledger entries ${fresh.map((e) => e.id).join(", ")}`);

        await keyboardOnly(browser, base, demo, demo.cards.find((c) => c.ready && c.region === "US" && c.code !== card.code), answered, screenshot, (p) => (page = p));

        await narrowAndZoomed(base, demo, screenshot, (p) => (page = p));

        for (const locale of ["de-DE", "ja-JP"]) {
            await inLocale(base, demo, locale, screenshot, (p) => (page = p));
        }

        if (UPDATE_DOCS) {
            fs.copyFileSync(balanceShot, path.join(ROOT, "docs", "web-balance.png"));
            fs.copyFileSync(addMoneyShot, path.join(ROOT, "docs", "web-add-money-review.png"));
            fs.copyFileSync(addMoneyDoneShot, path.join(ROOT, "docs", "web-add-money-done.png"));
            log("updated docs/web-balance.png and docs/web-add-money-*.png");
        }
        log(`passed; screenshots in ${OUT}`);
    } catch (error) {
        if (page) {
            await screenshot("failure").catch(() => {});
        }
        throw error;
    } finally {
        if (browser) await browser.close().catch(() => {});
        if (server) {
            server.child.kill("SIGTERM");
            await server.exited;
        }
        fs.rmSync(temp, { recursive: true, force: true });
    }
}

main().catch((error) => {
    console.error(`web e2e: FAILED: ${error.message ?? error}`);
    console.error(`web e2e: screenshots and server.log in ${OUT}`);
    process.exit(1);
});
