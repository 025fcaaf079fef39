// Uploads on a weak signal: each chosen file is sent in parts of about a megabyte (sent again
// until they arrive: chunk-sender.js, shared with the voice recorder), with a progress bar per
// file. A dropped connection continues from the bytes the server holds; after a reload, the
// same file chosen again continues too. When every file has arrived, the form itself is sent
// and the server makes the exhibits. Without this script the plain file input and form post
// work the same way, in one request.
(function () {
  "use strict";
  // The words she reads come from Django's JavaScript catalogue (/jsi18n/, loaded before this
  // script) in her language; should it fail to load, they stay in English.
  function gettext(text) { return window.gettext ? window.gettext(text) : text; }
  function ngettext(one, many, n) {
    return window.ngettext ? window.ngettext(one, many, n) : (n === 1 ? one : many);
  }
  function interpolate(text, values) {
    if (window.interpolate) return window.interpolate(text, values, true);
    return text.replace(/%\(\w+\)s/g, function (m) { return String(values[m.slice(2, -2)]); });
  }

  var STUCK_AFTER = 3;  // failed tries before the page says the file is not uploaded yet
  var made = 0;  // for unique element ids

  var UNITS = ["KB", "MB", "GB", "TB"];
  function plainSize(bytes) {  // as stalklog.core.plain.plain_size
    if (bytes < 1024) return bytes + (bytes === 1 ? " byte" : " bytes");
    var amount = bytes, unit = "";
    for (var i = 0; i < UNITS.length; i++) {
      amount /= 1024;
      unit = UNITS[i];
      if (amount < 1024) break;
    }
    var text = Math.round(amount * 10) / 10 < 10 ? amount.toFixed(1).replace(/\.0$/, "") : amount.toFixed(0);
    return text + " " + unit;
  }

  function percentOf(item) {
    if (!item.file.size) return 100;
    return Math.floor((item.received * 100) / item.file.size);  // 100 only when all is there
  }

  function hexOf(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  // The SHA-256 of part of the file, or null where the browser cannot compute it.
  function sha256Of(blob) {
    if (!window.crypto || !window.crypto.subtle || !blob.arrayBuffer) return Promise.resolve(null);
    return blob.arrayBuffer().then(function (bytes) {
      return window.crypto.subtle.digest("SHA-256", bytes);
    }).then(hexOf, function () { return null; });
  }

  function answerOf(response) {
    return response.json().catch(function () { return {}; });
  }

  function enhance(form) {
    var input = form.querySelector("input[type=file]");
    var zone = form.querySelector("[data-drop-zone]");
    var list = form.querySelector("[data-upload-files]");
    var status = form.querySelector("[data-upload-status]");
    var button = form.querySelector("button[type=submit], [data-capture-send]");
    var startUrl = form.getAttribute("data-start-url");
    var chunkBytes = parseInt(form.getAttribute("data-chunk-bytes"), 10) || 1048576;
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    if (!input || !list || !window.fetch || !window.Promise || !window.FormData || !window.Blob || !window.StalklogChunks) {
      return;  // the plain form post stays
    }
    var items = [];
    var running = false;
    var finishing = false;

    function say(text) { if (status) status.textContent = text; }

    // ---- one row per file: name and size, a labelled progress bar, a status, the buttons
    function row(item) {
      made += 1;
      var id = "upload-file-" + made;
      var li = document.createElement("li");
      li.className = "upload-file";
      var label = document.createElement("label");
      label.setAttribute("for", id);
      label.className = "upload-file-name";
      label.textContent = item.file.name + " (" + plainSize(item.file.size) + ")";
      var bar = document.createElement("progress");
      bar.id = id;
      bar.max = 100;
      bar.value = 0;
      bar.textContent = "0%";
      var text = document.createElement("p");
      text.className = "upload-file-status";
      text.setAttribute("aria-live", "polite");
      var actions = document.createElement("p");
      actions.className = "upload-file-actions";
      actions.hidden = true;
      var again = document.createElement("button");
      again.type = "button";
      again.className = "button";
      again.textContent = gettext("Try again");
      var cancel = document.createElement("button");
      cancel.type = "button";
      cancel.className = "button button-secondary";
      cancel.textContent = gettext("Cancel");
      actions.appendChild(again);
      actions.appendChild(document.createTextNode(" "));
      actions.appendChild(cancel);
      li.appendChild(label);
      li.appendChild(bar);
      li.appendChild(text);
      li.appendChild(actions);
      again.addEventListener("click", function () { tryAgain(item); });
      cancel.addEventListener("click", function () { cancelItem(item); });
      item.el = { li: li, bar: bar, text: text, actions: actions, again: again };
      list.appendChild(li);
      list.hidden = false;
    }

    function show(item, text, withButtons) {
      var percent = percentOf(item);
      item.el.bar.value = percent;
      item.el.bar.textContent = percent + "%";
      if (item.el.text.textContent !== text) item.el.text.textContent = text;
      item.el.actions.hidden = !withButtons;
    }

    // Said every 10% only: a screen reader should not read out every megabyte.
    function progressed(item) {
      var percent = percentOf(item);
      var step = Math.floor(percent / 10) * 10;
      var text = item.el.text.textContent;
      if (step !== item.said || text !== item.sendingText) {
        item.said = step;
        text = item.sendingText = interpolate(gettext("Sending: %(percent)s sent."), { percent: step + "%" });
      }
      show(item, text, false);
    }

    function notYet(item, why) {
      show(item, interpolate(gettext("Not uploaded yet — %(percent)s kept on the server. %(why)s"),
        { percent: percentOf(item) + "%", why: why }), true);
    }

    // The screenshot questions are about pictures: shown once a picture is chosen.
    var questions = form.querySelector("[data-screenshot-questions]");
    function askAboutPictures(files) {
      if (!questions) return;
      questions.hidden = !Array.prototype.some.call(files, function (file) {
        return /^image\//.test(file.type) || /\.(jpe?g|png|gif|webp|heic|heif|tiff?)$/i.test(file.name);
      });
    }

    function choose() {
      askAboutPictures(input.files);
      items = items.filter(function (item) { return item.state === "done"; });
      Array.prototype.forEach.call(input.files, function (file) {
        var item = { file: file, id: null, received: 0, state: "waiting", said: -1 };
        items.push(item);
        row(item);
        show(item, gettext("Ready to send."), false);
      });
      // Rows of files no longer chosen go.
      Array.prototype.forEach.call(list.querySelectorAll("li"), function (li) {
        if (!items.some(function (item) { return item.el.li === li; })) li.remove();
      });
    }

    // ---- sending one file
    function start(item) {
      var body = new FormData();
      body.append("name", item.file.name);
      body.append("size", String(item.file.size));
      items.forEach(function (other) { if (other !== item && other.id) body.append("exclude", String(other.id)); });
      return window.StalklogChunks.send({
        url: startUrl, csrf: csrf, body: body,
        headers: { "X-Requested-With": "XMLHttpRequest" },
        onRetry: function (failures) { waited(item, failures); },
        shouldStop: function () { return item.state === "cancelled"; }
      }).then(function (response) {
        return answerOf(response).then(function (answer) {
          if (!response.ok || !answer.id) throw refusal(answer, response);
          item.id = answer.id;
          item.chunkUrl = answer.chunk_url;
          item.cancelUrl = answer.cancel_url;
          item.received = answer.received;
          if (!answer.received) return null;
          return sameFile(item, answer);
        });
      });
    }

    // A file of this name and size was partly sent before (the page was reloaded): continue
    // only if the part the server last kept has the same bytes here; otherwise start again.
    function sameFile(item, answer) {
      var part = item.file.slice(answer.last_chunk_offset, answer.received);
      return sha256Of(part).then(function (hash) {
        if (hash && hash === answer.last_chunk_sha256) {
          show(item, interpolate(gettext("Continuing from %(percent)s, kept on the server earlier."),
            { percent: percentOf(item) + "%" }), false);
          return null;
        }
        return post(item.cancelUrl).then(function () {
          item.id = null;
          item.received = 0;
          return start(item);
        });
      });
    }

    function refusal(answer, response) {
      var error = new Error(answer.error || (response.status === 403
        ? gettext("You may have been signed out. Sign in again in another tab, then press Try again.")
        : interpolate(gettext("The server refused it (%(status)s)."), { status: response.status })));
      error.name = "refused";
      return error;
    }

    function waited(item, failures) {
      if (failures < STUCK_AFTER) {
        show(item, gettext("The connection dropped. Trying again…"), false);
      } else if (navigator.onLine === false) {
        notYet(item, gettext("No connection: it continues by itself when the connection comes back."));
      } else {
        notYet(item, gettext("The connection keeps failing. It keeps trying; or press Try again."));
      }
    }

    function sendFrom(item) {
      if (item.state === "cancelled") return Promise.resolve();
      if (item.received >= item.file.size) return Promise.resolve();
      var end = Math.min(item.received + chunkBytes, item.file.size);
      var offset = item.received;
      return window.StalklogChunks.send({
        url: item.chunkUrl, csrf: csrf, body: item.file.slice(offset, end),
        headers: { "X-Upload-Offset": String(offset), "Content-Type": "application/octet-stream" },
        onRetry: function (failures) { waited(item, failures); },
        shouldStop: function () { return item.state === "cancelled"; }
      }).then(function (response) {
        return answerOf(response).then(function (answer) {
          if (response.ok || (response.status === 409 && typeof answer.received === "number")) {
            // 409: the server holds another amount (an answer was lost): go on from there.
            item.received = answer.received;
            progressed(item);
            return sendFrom(item);
          }
          if (typeof answer.received === "number") item.received = answer.received;
          throw refusal(answer, response);
        });
      });
    }

    function send(item) {
      item.state = "sending";
      progressed(item);
      var begun = item.id ? Promise.resolve() : start(item);
      return begun.then(function () { return sendFrom(item); }).then(function () {
        if (item.state === "cancelled") return;
        item.state = "done";
        show(item, gettext("Sent: 100%."), false);
      }, function (error) {
        if (item.state === "cancelled") return;
        item.state = "refused";
        notYet(item, error.message);
      });
    }

    // ---- the whole form: every waiting file in turn, then the form itself
    function run() {
      if (running) return;
      running = true;
      button.disabled = true;
      var next = items.filter(function (item) { return item.state === "waiting"; })[0];
      if (!next) {
        running = false;
        settle();
        return;
      }
      say(interpolate(gettext("Sending %(name)s…"), { name: next.file.name }));
      send(next).then(function () {
        running = false;
        run();
      });
    }

    // When no file is waiting: send the form if every file has arrived, else say what is left.
    function settle() {
      var open = items.filter(function (item) { return item.state === "refused" || item.state === "waiting" || item.state === "sending"; });
      if (open.length) {
        button.disabled = false;
        say(interpolate(ngettext("%(count)s file is not uploaded yet. Try it again, or cancel it.",
          "%(count)s files are not uploaded yet. Try them again, or cancel them.", open.length),
          { count: open.length }));
        return;
      }
      var done = items.filter(function (item) { return item.state === "done"; });
      var kept = form.querySelectorAll("input[name=upload]").length;
      if (!done.length && !kept) {  // every file was cancelled: nothing to send
        button.disabled = false;
        return;
      }
      finish(done);
    }

    function finish(done) {
      if (finishing) return;
      finishing = true;
      var body = new FormData(form);
      body.delete("files");
      done.forEach(function (item) { body.append("upload", String(item.id)); });
      say(gettext("Checking and encrypting…"));
      window.StalklogChunks.send({
        url: form.getAttribute("action") || window.location.href,
        csrf: csrf, body: body,
        headers: { "X-Requested-With": "XMLHttpRequest" },
        onRetry: function () { say(gettext("Every file has arrived; saving them needs the connection. Trying again…")); }
      }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === 0) {
          return response.json().then(function (answer) { window.location.assign(answer.redirect); });
        }
        return response.text().then(replacePage);
      }).catch(function () {
        finishing = false;
        button.disabled = false;
        say(gettext("The files have arrived but could not be saved. Press Upload again."));
      });
    }

    // The server answered with the page again (a form error, or a file refused): show it.
    function replacePage(html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var main = page.querySelector("main");
      var mine = form.closest("main");
      if (!main || !mine) { window.location.reload(); return; }
      mine.replaceWith(document.adoptNode(main));
      document.querySelectorAll("form[data-chunked-upload]").forEach(enhance);
      var summary = document.querySelector("[data-error-summary]");
      if (summary) summary.focus();
    }

    function post(url) {
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrf);
      return window.StalklogChunks.send({
        url: url, csrf: csrf, body: body, headers: { "X-Requested-With": "XMLHttpRequest" }
      });
    }

    function tryAgain(item) {
      if (item.state === "sending") { window.StalklogChunks.retryNow(); return; }
      item.state = "waiting";
      if (!item.id) { run(); return; }
      // Ask how much the server holds, then continue from there.
      show(item, gettext("Asking the server what it holds…"), false);
      fetch(item.chunkUrl, { credentials: "same-origin" }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (answer) {
        if (answer) item.received = answer.received; else { item.id = null; item.received = 0; }
        run();
      }, function () { run(); });
    }

    function cancelItem(item) {
      var wasSending = item.state === "sending";
      item.state = "cancelled";
      show(item, gettext("Cancelling…"), false);
      var gone = item.id ? post(item.cancelUrl) : Promise.resolve();
      if (wasSending) window.StalklogChunks.retryNow();  // so its waiting send stops now
      gone.then(function () {
        item.el.li.remove();
        items = items.filter(function (other) { return other !== item; });
        say(interpolate(gettext("Cancelled %(name)s: nothing of it is kept."), { name: item.file.name }));
        if (!running) settle();
      });
    }

    // ---- wiring
    if (zone) {
      var hint = form.querySelector("[data-drop-hint]");
      if (hint) hint.hidden = false;
      ["dragenter", "dragover"].forEach(function (name) {
        zone.addEventListener(name, function (event) {
          event.preventDefault();
          zone.classList.add("drop-zone-active");
        });
      });
      ["dragleave", "drop"].forEach(function (name) {
        zone.addEventListener(name, function () { zone.classList.remove("drop-zone-active"); });
      });
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        if (event.dataTransfer && event.dataTransfer.files.length) {
          input.files = event.dataTransfer.files;
          choose();
        }
      });
    }
    input.addEventListener("change", choose);
    // Files chosen before this ran (a slow load, or restored by Back) are listed too.
    if (input.files.length) choose();
    else askAboutPictures(input.files);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (running || finishing) return;
      items.forEach(function (item) {
        if (item.state === "refused") item.state = "waiting";
      });
      if (!items.length) { finish([]); return; }  // the server says what is missing
      run();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-chunked-upload]").forEach(enhance);
  });
}());
