// The voice recorder: MediaRecorder records in chunks of a few seconds; each chunk is sent
// as soon as it exists (and sent again until it arrives, if the signal drops: the sending is
// chunk-sender.js, shared with uploads sent in parts), so a closed
// tab loses only what had not been sent. Stop waits for every chunk, then asks the server to
// join them into one exhibit. Without MediaRecorder the page says what to do instead.
(function () {
  "use strict";
  // The words she reads come from Django's JavaScript catalogue (/jsi18n/, loaded before this
  // script) in her language; should it fail to load, they stay in English.
  function gettext(text) { return window.gettext ? window.gettext(text) : text; }
  function ngettext(one, many, n) {
    return window.ngettext ? window.ngettext(one, many, n) : (n === 1 ? one : many);
  }
  function interpolate(text, values, named) {
    if (window.interpolate) return window.interpolate(text, values, named);
    return named
      ? text.replace(/%\(\w+\)s/g, function (m) { return String(values[m.slice(2, -2)]); })
      : text.replace(/%s/g, function () { return String(values.shift()); });
  }

  function token() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function clock(ms) {
    var s = Math.floor(ms / 1000);
    var m = Math.floor(s / 60);
    return m + ":" + ("0" + (s % 60)).slice(-2);
  }

  function enhance(root) {
    var button = root.querySelector("[data-record-button]");
    var timer = root.querySelector("[data-record-timer]");
    var status = root.querySelector("[data-record-status]");
    var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
    var chunkUrl = root.getAttribute("data-chunk-url");
    var stopUrl = root.getAttribute("data-stop-url");
    var chunkMs = 1000 * parseInt(root.getAttribute("data-chunk-seconds"), 10);
    var maxMs = 1000 * parseInt(root.getAttribute("data-max-seconds"), 10);
    if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return;  // the "cannot record here" text stays
    }
    root.querySelector("[data-recorder-unsupported]").hidden = true;
    button.hidden = false;

    var recorder = null, stream = null, recording = null, index = 0;
    var queue = [], sending = false, started = 0, tick = null, stopping = false, done = false;

    function say(text) { status.textContent = text; }

    function waiting() {
      if (queue.length > 1) {
        say(interpolate(ngettext(
          "No connection: %s part is waiting to be sent. Keep this page open.",
          "No connection: %s parts are waiting to be sent. Keep this page open.",
          queue.length
        ), [queue.length]));
      } else if (recorder && recorder.state === "recording") {
        say(gettext("Recording. It is being saved as you go."));
      }
    }

    // One chunk at a time, in order, each sent again until it arrives (chunk-sender.js).
    // A 400 is an answer too: that chunk is refused for good, so the next one goes.
    function send() {
      if (sending || !queue.length) return;
      sending = true;
      var item = queue[0];
      window.StalklogChunks.send({
        url: chunkUrl,
        csrf: csrf,
        headers: {
          "X-Recording": item.recording,
          "X-Chunk-Index": String(item.index),
          "Content-Type": "application/octet-stream"
        },
        body: item.blob,
        isAnswer: function (response) { return response.ok || response.status === 400; },
        onRetry: waiting
      }).then(function () {
        queue.shift();
        sending = false;
        waiting();
        if (queue.length) send(); else if (stopping) finish();
      });
    }

    function finish() {
      if (done || queue.length) return;
      done = true;
      var seconds = Math.round((Date.now() - started) / 1000);
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrf);
      body.append("recording", recording);
      body.append("seconds", String(seconds));
      say(gettext("Saving the recording…"));
      fetch(stopUrl, { method: "POST", credentials: "same-origin", body: body })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (answer.redirect) { window.location.assign(answer.redirect); return; }
          say(answer.error || gettext("The recording could not be saved. Try again."));
          reset();
        })
        .catch(function () {
          done = false;
          say(gettext("No connection: the recording is kept in your log so far. Saving again in a moment."));
          window.setTimeout(finish, 3000);
        });
    }

    function reset() {
      button.textContent = gettext("Record");
      button.disabled = false;
      timer.hidden = true;
      recorder = null;
    }

    function stop() {
      if (!recorder || recorder.state === "inactive") return;
      window.clearInterval(tick);
      stopping = true;
      button.disabled = true;
      recorder.stop();
      stream.getTracks().forEach(function (track) { track.stop(); });
    }

    function start() {
      say(gettext("Asking for the microphone…"));
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (media) {
        stream = media;
        recorder = new MediaRecorder(stream);
        recording = token();
        index = 0;
        stopping = false;
        done = false;
        recorder.ondataavailable = function (event) {
          if (event.data && event.data.size) {
            queue.push({ recording: recording, index: index++, blob: event.data });
            send();
          }
        };
        recorder.onstop = function () { if (!queue.length && !sending) finish(); };
        recorder.start(chunkMs);
        started = Date.now();
        button.textContent = gettext("Stop");
        timer.hidden = false;
        timer.textContent = "0:00";
        tick = window.setInterval(function () {
          var elapsed = Date.now() - started;
          timer.textContent = clock(elapsed);
          if (elapsed >= maxMs) {
            stop();
            say(gettext("Stopped after an hour, the longest one recording can be. Saving it; then you can start another."));
          }
        }, 250);
        say(gettext("Recording. It is being saved as you go."));
      }).catch(function (error) {
        reset();
        if (error && (error.name === "NotAllowedError" || error.name === "SecurityError")) {
          say(gettext("The microphone was not allowed, so nothing is being recorded. To allow it, open your browser's settings for this site and allow the microphone, then press Record again."));
        } else {
          say(interpolate(
            gettext("No microphone could be used (%s). Use your phone's voice recorder instead and upload the file."),
            [error && error.name || gettext("unknown problem")]
          ));
        }
      });
    }

    button.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") stop(); else start();
    });

    // Leaving mid-recording: ask the server to keep what has arrived.
    window.addEventListener("pagehide", function () {
      if (!recorder || done || !recording) return;
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrf);
      body.append("recording", recording);
      body.append("left", "1");
      navigator.sendBeacon(stopUrl, body);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-recorder]").forEach(enhance);
  });
})();
