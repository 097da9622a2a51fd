// Keeps what someone types on the write and edit pages, so no words are
// lost to a closed tab, a crash or an expired session: in this browser's
// storage at every keystroke, and on the server every few seconds (so
// another device offers it too). The page offers a draft back; this script
// offers the browser's own copy when it is newer than the server's.
// On the write page it also keeps the "You already wrote on ..." notice
// about the day the date field names. Without JavaScript the form simply
// works as a form.
(function () {
  "use strict";
  var SEND_EVERY_MS = 3000;
  var form = document.querySelector("form[data-draft]");
  if (!form) {
    return;
  }
  var body = form.querySelector("textarea[name=body]");
  var dateInput = form.querySelector("input[name=date]");
  var kind = form.dataset.draft;
  // The browser's clock minus the server's: a copy is compared with the
  // server's times in the server's clock.
  var skew = Date.now() - Number(form.dataset.now || Date.now());
  var dirty = false;
  var sending = false;
  var submitted = false;

  function day() {
    return dateInput ? dateInput.value : form.dataset.draftDate;
  }
  function storageKey(date) {
    return "daybook:draft:" + form.dataset.draftOwner + ":" + kind + ":" + (date || day());
  }
  function readCopy() {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey()) || "null");
    } catch (error) {
      return null;
    }
  }
  function keepCopy() {
    try {
      if (body.value.trim()) {
        window.localStorage.setItem(storageKey(), JSON.stringify({ text: body.value, at: Date.now() }));
      } else {
        window.localStorage.removeItem(storageKey());
      }
    } catch (error) {
      // Storage full or switched off: the server still gets the draft.
    }
  }
  function forgetCopy(date) {
    try {
      window.localStorage.removeItem(storageKey(date));
    } catch (error) {
      // Nothing stored, nothing to forget.
    }
  }

  function post(date, text, keepalive) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    data.append("date", date);
    data.append("form", kind);
    data.append("body", text);
    var version = form.querySelector("[name=version]");
    if (version) {
      data.append("version", version.value);
    }
    // redirect: "manual" so an expired session (a redirect to log in) is
    // a failure to retry later, not a log-in page taken for success.
    return fetch(form.dataset.draftUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      redirect: "manual",
      keepalive: Boolean(keepalive),
    });
  }
  function send(keepalive) {
    if (!dirty || sending || submitted || !day()) {
      return;
    }
    dirty = false;
    sending = true;
    post(day(), body.value, keepalive)
      .then(function (response) {
        // 400 and 413 will not change by sending again; the copy here stays.
        if (!response.ok && response.status !== 400 && response.status !== 413) {
          dirty = true;
        }
      })
      .catch(function () {
        dirty = true;
      })
      .finally(function () {
        sending = false;
      });
  }

  function offerCopy() {
    var notice = document.querySelector("[data-local-draft]");
    var serverNotice = document.querySelector("[data-server-draft]");
    var copy = readCopy();
    notice.hidden = true;
    if (!copy || !copy.text || !copy.text.trim()) {
      return;
    }
    var at = copy.at - skew;
    if (at <= Number(form.dataset.savedAt || 0)) {
      forgetCopy(); // saved since: the entry has these words
      return;
    }
    if (copy.text.trim() === body.value.trim()) {
      return;
    }
    if (serverNotice && Number(serverNotice.dataset.draftAt) >= at - SEND_EVERY_MS) {
      return; // the server's draft is this one, or newer
    }
    if (serverNotice) {
      serverNotice.hidden = true;
    }
    notice.querySelector("[data-local-draft-time]").textContent = new Date(copy.at).toLocaleTimeString(
      [],
      { hour: "2-digit", minute: "2-digit" }
    );
    notice.hidden = false;
  }

  document.addEventListener("click", function (event) {
    var copy;
    if (event.target.closest("[data-local-draft-restore]")) {
      copy = readCopy();
      if (copy) {
        body.value = copy.text;
        dirty = true;
        send();
      }
      document.querySelector("[data-local-draft]").hidden = true;
      body.focus();
    } else if (event.target.closest("[data-local-draft-discard]")) {
      forgetCopy();
      post(day(), "");
      document.querySelector("[data-local-draft]").hidden = true;
    }
  });

  body.addEventListener("input", function () {
    keepCopy();
    dirty = true;
  });
  form.addEventListener("submit", function () {
    // The form now carries the words; a late draft must not outlive the save.
    submitted = true;
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      submitted = false; // back to this page: the form is live again
    }
  });
  window.addEventListener("pagehide", function () {
    send(true);
  });
  window.setInterval(send, SEND_EVERY_MS);

  // The write page: the notice about the chosen day follows the date field.
  var previousDay = day();
  function followDate() {
    var date = day();
    if (!date || date === previousDay) {
      return;
    }
    if (body.value.trim()) {
      // The text moves with the date: its draft is for the new day now.
      forgetCopy(previousDay);
      post(previousDay, "");
      keepCopy();
      dirty = true;
    }
    previousDay = date;
    var url = new URL(form.action, window.location.href);
    url.searchParams.set("date", date);
    fetch(url, { credentials: "same-origin", redirect: "manual" })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.querySelector("[data-day-notice]");
        var freshForm = page.querySelector("form[data-draft]");
        if (fresh && day() === date) {
          document.querySelector("[data-day-notice]").replaceChildren.apply(
            document.querySelector("[data-day-notice]"),
            Array.prototype.slice.call(fresh.childNodes)
          );
          form.dataset.savedAt = freshForm ? freshForm.dataset.savedAt : "0";
          offerCopy();
        }
      })
      .catch(function () {
        // Offline or logged out: the notice stays as it was.
      });
  }
  if (dateInput) {
    dateInput.addEventListener("change", followDate);
  }

  offerCopy();
})();
