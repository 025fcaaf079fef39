"use strict";
// The offline checker in an evidence bundle: hashes the files an officer drops here with the
// browser's own SHA-256 (WebCrypto) and compares them with the list this page carries. It
// loads nothing and sends nothing (the page's Content-Security-Policy forbids it).
(function () {
  var data = JSON.parse(document.getElementById("bundle-data").textContent);
  var byName = {};
  var byHash = {};
  data.files.forEach(function (entry) {
    byName[entry.name.split("/").pop()] = entry;
    byHash[entry.sha256] = entry;
  });
  var results = document.getElementById("results");
  var summary = document.getElementById("summary");
  var counts = { match: 0, changed: 0, unknown: 0 };

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }
  function bytes(text) {
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) { out[i] = parseInt(text.substr(i * 2, 2), 16); }
    return out;
  }
  function join(parts) {
    var length = parts.reduce(function (n, p) { return n + p.length; }, 0);
    var out = new Uint8Array(length);
    var at = 0;
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }
  function sha256(array) {
    return crypto.subtle.digest("SHA-256", array).then(function (d) { return new Uint8Array(d); });
  }
  // The Merkle path from this file's salted leaf to the timestamped root (bundle README).
  function rootOf(proof) {
    var node = sha256(join([new Uint8Array([0]), bytes(proof.nonce), bytes(proof.item_sha256)]));
    proof.path.forEach(function (step) {
      node = node.then(function (current) {
        var side = Object.keys(step)[0];
        var sibling = bytes(step[side]);
        var pair = side === "left" ? [sibling, current] : [current, sibling];
        return sha256(join([new Uint8Array([1]), pair[0], pair[1]]));
      });
    });
    return node.then(hex);
  }
  function row(kind, title, detail) {
    var item = document.createElement("li");
    item.className = "result " + kind;
    var strong = document.createElement("strong");
    strong.textContent = title;
    item.appendChild(strong);
    detail.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      item.appendChild(p);
    });
    results.appendChild(item);
  }
  function update() {
    summary.textContent = counts.match + " file(s) match, " + counts.changed +
      " changed, " + counts.unknown + " not in this bundle's list.";
  }
  function check(file) {
    return file.arrayBuffer().then(function (buffer) {
      return crypto.subtle.digest("SHA-256", buffer);
    }).then(function (digest) {
      var actual = hex(digest);
      var entry = byName[file.name];
      var label = entry && entry.ref ? " (exhibit " + entry.ref + ")" : "";
      if (entry && entry.sha256 === actual) {
        counts.match++;
        var lines = ["SHA-256 " + actual + " is the one listed."];
        if (!entry.proof) {
          row("match", "MATCHES: " + file.name + label, lines);
          return;
        }
        return rootOf(entry.proof).then(function (root) {
          if (root === entry.proof.root) {
            lines.push("Its timestamp proof leads to root " + root + ", timestamped " +
              entry.proof.time + " (check the token with openssl, see README.txt).");
          } else {
            lines.push("Its timestamp proof does NOT lead to the timestamped root.");
          }
          row(root === entry.proof.root ? "match" : "changed", "MATCHES: " + file.name + label, lines);
        });
      }
      if (entry) {
        counts.changed++;
        row("changed", "CHANGED: " + file.name + label, [
          "SHA-256 " + actual + " is not the one listed (" + entry.sha256 + ").",
          "This is not the file as it was received."]);
        return;
      }
      counts.unknown++;
      var same = byHash[actual];
      row("unknown", "NOT LISTED: " + file.name, same ?
        ["Its content is the same as " + same.name + " (renamed)."] :
        ["No file of this bundle has this name or this SHA-256 (" + actual + ")."]);
    }).then(update);
  }
  function checkAll(files) {
    results.textContent = "";
    counts = { match: 0, changed: 0, unknown: 0 };
    summary.textContent = "Checking " + files.length + " file(s)...";
    return Array.prototype.reduce.call(files, function (chain, file) {
      return chain.then(function () { return check(file); });
    }, Promise.resolve()).then(function () {
      document.body.setAttribute("data-checked", String(files.length));
    });
  }
  document.getElementById("files").addEventListener("change", function (event) {
    checkAll(event.target.files);
  });
  document.getElementById("folder").addEventListener("change", function (event) {
    checkAll(event.target.files);
  });
  var zone = document.getElementById("drop");
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    checkAll(event.dataTransfer.files);
  });
  if (!window.crypto || !crypto.subtle) {
    summary.textContent = "This browser cannot compute SHA-256 here. Use the commands in README.txt.";
  }
})();
