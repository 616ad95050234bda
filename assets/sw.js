// Redeem's service worker: keeps the app shell (the page, its script and wasm, the icons)
// in a cache, so that the web app starts fast and opens without a network.
//
// Account data never passes through this cache: only the files of APP_SHELL are answered
// from it, and every other request (the balance API above all) goes to the network as if
// there were no service worker.
//
// scripts/web-stamp-sw.sh, which Trunk runs after each build (scripts/web-post-build.sh),
// rewrites the two marked lines in dist/sw.js with the crate version plus a hash of the
// build and with the build's file list. So every release has its own cache name, and
// because sw.js itself changes, browsers install the new worker, which then deletes the
// caches of older ones.

const BUILD = "{{BUILD}}";
const APP_SHELL = ["./", "index.html"]; // {{APP_SHELL}}

const CACHE_PREFIX = "redeem-app-shell-";
const CACHE_NAME = CACHE_PREFIX + BUILD;

// Absolute URLs of the shell, resolved against this worker's own location (the web root).
const SHELL_URLS = new Set(APP_SHELL.map((path) => new URL(path, self.location).href));
const PAGE_URL = new URL("index.html", self.location).href;

self.addEventListener("install", (event) => {
  // `cache: "reload"` skips the HTTP cache, so that a new release never stores old files.
  const requests = APP_SHELL.map((path) => new Request(path, { cache: "reload" }));
  event.waitUntil(
    caches
      .open(CACHE_NAME)
      .then((cache) => cache.addAll(requests))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  if (!SHELL_URLS.has(url.href)) {
    return; // Not ours: straight to the network, never cached.
  }

  if (request.mode === "navigate") {
    // The page: network first, so that a new release shows as soon as it is online;
    // the cached page when the network fails.
    event.respondWith(
      fetch(request).catch(() =>
        caches.open(CACHE_NAME).then((cache) => cache.match(PAGE_URL)).then(
          (cached) => cached || Response.error(),
        ),
      ),
    );
    return;
  }

  // Everything else of the shell changes only with a release, and a release has a new
  // cache: cache first.
  event.respondWith(
    caches
      .open(CACHE_NAME)
      .then((cache) => cache.match(request))
      .then((cached) => cached || fetch(request)),
  );
});
