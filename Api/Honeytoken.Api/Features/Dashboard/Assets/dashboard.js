// The dashboard's only script. Pages work without it except for the copy buttons and the
// automatic refresh. Every server value is written with textContent, never as HTML.
"use strict";

(function () {
  // Polling stops after this many consecutive failures, so a stopped server is not hammered.
  var MAX_FAILURES = 20;

  function text(value) {
    return value === null || value === undefined || value === "" ? "\u2014" : String(value);
  }

  function statusBadge(status) {
    var badge = document.createElement("span");
    var word = status || "unknown";
    badge.className = "status status-" + word.replace(/[^a-z_]/g, "");
    badge.textContent = word.replace(/_/g, " ");
    return badge;
  }

  function poll(url, interval, onData, shouldContinue) {
    var failures = 0;
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (data) {
          failures = 0;
          onData(data);
          if (shouldContinue(data)) { setTimeout(tick, interval); }
        })
        .catch(function () {
          failures += 1;
          if (failures < MAX_FAILURES) { setTimeout(tick, interval); }
        });
    }
    setTimeout(tick, interval);
  }

  function setupCopyButtons() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy"));
        var status = document.querySelector(".copy-status");
        var value = source ? source.textContent : "";
        function report(message) { if (status) { status.textContent = message; } }
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(value).then(
            function () { report("Copied to the clipboard."); },
            function () { report("The browser blocked the clipboard: select the text and copy it by hand."); });
        } else {
          report("This browser has no clipboard access: select the text and copy it by hand.");
        }
      });
    });
  }

  function setupEvents() {
    var table = document.getElementById("events");
    if (!table) { return; }
    var body = table.querySelector("tbody");
    var columns = ["time", "action", "region", "ip_address", "user_agent", "channels", "tags", "request_parameters"];
    var labels = ["Time", "Action", "Region", "IP address", "User agent", "Channels", "Tags", "Request parameters"];
    var lastSeen = null;

    poll(table.getAttribute("data-poll-url"), Number(table.getAttribute("data-poll-interval")) || 3000, function (data) {
      var serialized = JSON.stringify(data);
      if (serialized === lastSeen) { return; }
      lastSeen = serialized;

      var status = document.getElementById("token-status");
      if (status) { status.replaceChildren(statusBadge(data.status)); }
      var reset = document.getElementById("reset-link");
      if (reset) { reset.hidden = data.status !== "triggered"; }
      var open = document.getElementById("open-events");
      if (open) { open.textContent = text(data.open_events_count); }
      var triggered = document.getElementById("token-triggered");
      if (triggered) { triggered.textContent = data.triggered_at; }

      if (data.events.length === 0) { return; }
      var rows = data.events.map(function (item) {
        var row = document.createElement("tr");
        columns.forEach(function (column, index) {
          var cell = document.createElement("td");
          cell.setAttribute("data-label", labels[index]);
          var value = item[column];
          if (column === "action" && item.error_code) { value = value + " (" + item.error_code + ")"; }
          if (Array.isArray(value)) { value = value.join(", "); }
          if (column === "request_parameters") {
            var code = document.createElement("code");
            code.textContent = text(value);
            cell.appendChild(code);
            cell.className = "wrap";
          } else {
            cell.textContent = column === "channels" || column === "tags" ? String(value) : text(value);
            if (column === "user_agent") { cell.className = "wrap"; }
          }
          row.appendChild(cell);
        });
        return row;
      });
      body.replaceChildren.apply(body, rows);
      var updated = document.getElementById("events-updated");
      if (updated) { updated.textContent = data.events.length + " event(s), updated " + new Date().toLocaleTimeString() + "."; }
    }, function () { return true; });
  }

  function setupProgress() {
    var section = document.getElementById("setup-progress");
    if (!section) { return; }
    var finished = ["ready", "failed", "not_configured"];

    function set(id, value) {
      var element = document.getElementById(id);
      if (element) { element.textContent = value; }
    }

    poll(section.getAttribute("data-poll-url"), Number(section.getAttribute("data-poll-interval")) || 1500, function (progress) {
      var percent = poolPercent(progress);
      var bar = document.getElementById("progress-bar");
      bar.value = percent;
      bar.textContent = percent + " %";
      set("progress-percent", percent + " %");
      document.getElementById("progress-phase").replaceChildren(statusBadge(progress.phase));
      set("progress-accounts", progress.accounts_ready + " of " + progress.accounts_target);
      set("progress-keys", progress.keys_provisioned + " of " + progress.keys_target);
      set("progress-available", String(progress.keys_available));
      set("progress-rate", (Math.round(progress.keys_per_minute * 10) / 10) + " keys per minute");
      set("progress-error", progress.last_error ? progress.last_error.at + ": " + progress.last_error.message : "none");
    }, function (progress) {
      // Provisioning ends in one of these phases, so polling stops there. keys_provisioned is no
      // end condition: it counts keys made since the last upload, which stays 0 when an upload
      // finds the pool already full. A later refill shows after the page is loaded again.
      return finished.indexOf(progress.phase) < 0;
    });
  }

  // Returns the share of the pool that is filled, in whole percent. The setup grain moves to
  // "ready" only when keys_available reaches keys_target, so a full pool shows as 100 %.
  function poolPercent(progress) {
    if (!(progress.keys_target > 0)) { return 0; }
    return Math.min(100, Math.floor(100 * progress.keys_available / progress.keys_target));
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupCopyButtons();
    setupEvents();
    setupProgress();
  });
})();
