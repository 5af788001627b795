// pxl dashboard: live updates over /api/v1/events, and a running run's log followed. Plain JS, no library.
(function () {
  "use strict";
  var state = document.getElementById("live-state");
  function say(text) { if (state) { state.textContent = text; } }

  // Replace every [data-live] element of this page with its new version from a fresh copy of the page.
  var pending = null;
  function refresh() {
    if (pending) { return; }
    pending = setTimeout(function () {
      pending = null;
      fetch(location.href, { headers: { "Accept": "text/html" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html");
          document.querySelectorAll("[data-live]").forEach(function (old) {
            if (old.id === "live-state") { return; }
            var next = fresh.getElementById(old.id);
            if (next) { old.replaceWith(document.importNode(next, true)); }
          });
        })
        .catch(function () { });
    }, 300);
  }

  var source = document.body.getAttribute("data-events");
  if (source && window.EventSource) {
    var events = new EventSource(source);
    events.addEventListener("open", function () { say("live"); });
    events.addEventListener("error", function () { say("live updates reconnecting"); });
    ["run_started", "run_finished", "halted", "backoff", "paused", "resumed"].forEach(function (type) {
      events.addEventListener(type, function () { say("live"); refresh(); });
    });
    events.addEventListener("heartbeat", function () { say("live"); });
  }

  // A running run's log: ask each second for what follows the offset the page ends at.
  var log = document.getElementById("log");
  if (log && log.dataset.follow) {
    var offset = log.dataset.offset || "0";
    var follow = function () {
      fetch(log.dataset.follow + "?offset=" + encodeURIComponent(offset), { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) { throw new Error(String(r.status)); }
          offset = r.headers.get("X-Log-Offset") || offset;
          var running = r.headers.get("X-Run-Running") === "true";
          return r.text().then(function (text) { return { text: text, running: running }; });
        })
        .then(function (answer) {
          if (answer.text) {
            var atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
            log.appendChild(document.createTextNode(answer.text));
            if (atEnd) { log.scrollTop = log.scrollHeight; }
          }
          if (answer.running || answer.text) { setTimeout(follow, 1000); }
          else { refresh(); document.querySelectorAll(".following").forEach(function (e) { e.textContent = "the run has ended"; }); }
        })
        .catch(function () { setTimeout(follow, 3000); });
    };
    setTimeout(follow, 1000);
  }
})();
