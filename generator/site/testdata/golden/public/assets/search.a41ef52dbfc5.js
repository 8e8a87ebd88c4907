// Diacritic-insensitive search over tim-kiem/chi-muc.json. The page works
// without this script (it links to the browsable listings); with it, typing
// "lai chau" or "cong van 4588" finds "Lai Châu", "Công văn 4588/UBND-VX".
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var out = document.getElementById("results");
  var status = document.getElementById("search-status");
  if (!form || !input || !out) { return; }
  var fold = function (s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  };
  var index = null;
  var show = function () {
    var q = fold(input.value);
    out.textContent = "";
    if (!q || !index) { status.textContent = index ? "" : "Đang tải dữ liệu tìm kiếm…"; return; }
    var words = q.split(" ");
    var hits = index.filter(function (e) {
      return words.every(function (w) { return e.k.indexOf(w) >= 0; });
    });
    status.textContent = hits.length + " văn bản phù hợp";
    hits.slice(0, 100).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.t + (e.n ? " số " + e.n : "");
      li.appendChild(a);
      var p = document.createElement("p");
      p.textContent = [e.i, e.d, e.ti, e.s].filter(Boolean).join(" · ");
      li.appendChild(p);
      out.appendChild(li);
    });
  };
  fetch(form.getAttribute("data-index")).then(function (r) { return r.json(); })
    .then(function (data) { index = data; show(); })
    .catch(function () { status.textContent = "Không tải được dữ liệu tìm kiếm."; });
  var params = new URLSearchParams(location.search);
  if (params.get("q")) { input.value = params.get("q"); }
  input.addEventListener("input", show);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); show(); });
})();
