// Talkport page scripts. No inline scripts anywhere: the Content Security Policy forbids them.
(function () {
    "use strict";

    function humanBytes(bytes) {
        const units = ["B", "KB", "MB", "GB", "TB"];
        let value = bytes, unit = 0;
        while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
        return (unit === 0 ? value : value.toFixed(1)) + " " + units[unit];
    }

    // "1 h 04 m", "3 m 20 s", "45 s", as the server writes them.
    function humanDuration(seconds) {
        seconds = Math.max(0, Math.round(seconds));
        if (seconds < 60) { return seconds + " s"; }
        if (seconds < 3600) { return Math.floor(seconds / 60) + " m " + String(seconds % 60).padStart(2, "0") + " s"; }
        const minutes = Math.round(seconds / 60);
        return Math.floor(minutes / 60) + " h " + String(minutes % 60).padStart(2, "0") + " m";
    }

    function csrfToken() {
        const meta = document.querySelector('meta[name="csrf-token"]');
        return meta ? meta.content : null;
    }

    // Upload page: file picker or drag and drop, XHR upload with progress, speed and cancel.
    function initUpload(form) {
        const input = form.querySelector("#file");
        const zone = form.querySelector("#dropzone");
        const box = form.querySelector("#upload-progress-box");
        const bar = form.querySelector("#upload-progress");
        const status = form.querySelector("#upload-status");
        const error = form.querySelector("#upload-error");
        const cancel = form.querySelector("#upload-cancel");
        const button = form.querySelector("#upload-button");
        const maxBytes = Number(form.dataset.maxBytes || 0);
        let xhr = null;

        ["dragenter", "dragover"].forEach(type => zone.addEventListener(type, e => {
            e.preventDefault();
            zone.classList.add("over");
        }));
        ["dragleave", "drop"].forEach(type => zone.addEventListener(type, e => {
            e.preventDefault();
            zone.classList.remove("over");
        }));
        zone.addEventListener("drop", e => {
            if (e.dataTransfer && e.dataTransfer.files.length) {
                input.files = e.dataTransfer.files;
            }
        });

        cancel.addEventListener("click", () => {
            if (xhr) { xhr.abort(); }
        });

        form.addEventListener("submit", e => {
            e.preventDefault();
            error.textContent = "";
            const file = input.files[0];
            if (!file) { error.textContent = "Choose a bundle file first."; return; }
            if (!/\.zip$/i.test(file.name)) {
                error.textContent = "“" + file.name + "” is not a .zip file: a bundle is a zip archive.";
                return;
            }
            if (maxBytes && file.size > maxBytes) {
                error.textContent = "“" + file.name + "” is " + humanBytes(file.size)
                    + "; the largest bundle accepted is " + humanBytes(maxBytes) + ".";
                return;
            }
            const data = new FormData(form);
            xhr = new XMLHttpRequest();
            const started = Date.now();
            xhr.open("POST", form.action);
            xhr.setRequestHeader("Accept", "application/json");
            const token = csrfToken();
            if (token) { xhr.setRequestHeader("X-CSRF-Token", token); }
            xhr.upload.addEventListener("progress", ev => {
                if (!ev.lengthComputable) { return; }
                const percent = Math.floor(ev.loaded * 100 / ev.total);
                const seconds = Math.max((Date.now() - started) / 1000, 0.001);
                bar.value = percent;
                bar.setAttribute("aria-valuenow", String(percent));
                if (ev.loaded >= ev.total) {
                    // Everything is sent; the server still stores the file before it answers.
                    status.textContent = "100% · " + humanBytes(ev.total) + " sent · Processing… the server is storing the bundle.";
                    cancel.hidden = true;
                    return;
                }
                const speed = ev.loaded / seconds;
                const left = speed > 0 && seconds >= 1 ? " · about " + humanDuration((ev.total - ev.loaded) / speed) + " left" : "";
                status.textContent = percent + "% · " + humanBytes(ev.loaded) + " of " + humanBytes(ev.total)
                    + " · " + humanBytes(speed) + "/s" + left;
            });
            xhr.addEventListener("load", () => {
                let body = null;
                try { body = JSON.parse(xhr.responseText); } catch (ignored) { body = null; }
                if (xhr.status === 202 && body && body.id) {
                    status.textContent = "Uploaded. Validating…";
                    window.location.href = "/jobs/" + body.id;
                } else {
                    error.textContent = (body && body.message) ? body.message
                        : "The upload failed (HTTP " + xhr.status + ").";
                    reset();
                }
            });
            xhr.addEventListener("error", () => { error.textContent = "The upload failed: the connection was lost."; reset(); });
            xhr.addEventListener("abort", () => { status.textContent = "Upload cancelled."; reset(); });
            box.hidden = false;
            cancel.hidden = false;
            button.disabled = true;
            xhr.send(data);
        });

        function reset() {
            xhr = null;
            cancel.hidden = true;
            button.disabled = false;
        }
    }

    // htmx requests that change state carry the page's CSRF token too.
    document.addEventListener("htmx:configRequest", e => {
        const token = csrfToken();
        if (token) { e.detail.headers["X-CSRF-Token"] = token; }
    });

    // Phones: the top bar's menu opens and closes; without this script the links simply show.
    function initMenu(bar) {
        bar.classList.remove("no-js");
        const toggle = bar.querySelector("#menu-toggle");
        if (!toggle) { return; }
        toggle.addEventListener("click", () => {
            const open = bar.classList.toggle("open");
            toggle.setAttribute("aria-expanded", String(open));
        });
    }

    // Login: after a failed try the form comes back empty (the server keeps nothing); keep the user name typed.
    function initLogin(form) {
        const user = form.querySelector("#j_username");
        const failed = document.getElementById("login-error");
        const kept = sessionStorage.getItem("talkport.login.user");
        if (failed && kept && !user.value) {
            user.value = kept;
            form.querySelector("#j_password").focus();
        }
        form.addEventListener("submit", () => sessionStorage.setItem("talkport.login.user", user.value));
    }

    document.addEventListener("DOMContentLoaded", () => {
        const bar = document.getElementById("topbar");
        if (bar) { initMenu(bar); }
        const form = document.getElementById("upload-form");
        if (form) { initUpload(form); }
        const login = document.getElementById("login-form");
        if (login) { initLogin(login); }
    });
})();
