// MathJax 3 for the formulas written $...$ in the pages and the docstrings (arithmatex, generic mode).
// The MathJax files are shipped with the site (assets/mathjax, copied by tools/docs_hooks.py).
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
  },
};
