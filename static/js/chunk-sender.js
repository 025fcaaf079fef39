// Sending on a weak signal, shared by the voice recorder (record-voice.js) and uploads sent
// in parts (evidence-upload.js): a POST is sent again, with a growing wait (1, 2, 4, 8, 15,
// then every 30 s), until the server answers, and at once when the browser says it is back
// online or when she presses Try again. It resolves with the server's answer; what to do
// with a refusal is the caller's to decide.
(function () {
  "use strict";

  var WAITS_MS = [1000, 2000, 4000, 8000, 15000, 30000];
  var waiting = [];  // sends between two tries: each a function that tries at once

  function retryNow() {
    var now = waiting.splice(0, waiting.length);
    now.forEach(function (again) { again(); });
  }

  // options: url, csrf, body, headers (more headers), isAnswer(response) (default: any
  // status below 500), onRetry(failures, waitMs) (after each failed try), shouldStop() (asked
  // before each try: true rejects with an Error named "stopped").
  function send(options) {
    var isAnswer = options.isAnswer || function (response) { return response.status < 500; };
    var headers = { "X-CSRFToken": options.csrf };
    Object.keys(options.headers || {}).forEach(function (name) {
      headers[name] = options.headers[name];
    });
    return new Promise(function (resolve, reject) {
      var failures = 0;
      function attempt() {
        if (options.shouldStop && options.shouldStop()) {
          var stopped = new Error("stopped");
          stopped.name = "stopped";
          reject(stopped);
          return;
        }
        fetch(options.url, {
          method: "POST",
          credentials: "same-origin",
          headers: headers,
          body: options.body
        }).then(function (response) {
          if (!isAnswer(response)) throw new Error(String(response.status));
          resolve(response);
        }).catch(function () {
          var wait = WAITS_MS[Math.min(failures, WAITS_MS.length - 1)];
          failures += 1;
          if (options.onRetry) options.onRetry(failures, wait);
          var timer = null;
          var again = function () {
            if (timer === null) return;  // already tried
            window.clearTimeout(timer);
            timer = null;
            var at = waiting.indexOf(again);
            if (at >= 0) waiting.splice(at, 1);
            attempt();
          };
          timer = window.setTimeout(again, wait);
          waiting.push(again);
        });
      }
      attempt();
    });
  }

  window.addEventListener("online", retryNow);
  window.StalklogChunks = { send: send, retryNow: retryNow };
})();
