// Search results: the filter disclosure starts open where there is room for
// a side column.  Without script it stays a closed <details> that opens on tap.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var filters = document.getElementById("search-filters");
    if (filters && window.matchMedia("(min-width: 48rem)").matches) {
      filters.open = true;
    }
  });
})();
