// Load modules of geo/assets/js/ into a fresh sandbox, as the page would (in order),
// and return its BorderAtlas namespace. Only pure functions are called by the tests.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const ASSETS = path.resolve(__dirname, "..", "..", "geo", "assets", "js");
const VENDOR = path.resolve(__dirname, "..", "..", "geo", "assets", "vendor");

function load(...modules) {
  const window = { location: { search: "", href: "file:///atlas/index.html" } };
  const sandbox = vm.createContext({ window, console, unescape, encodeURIComponent });
  // The vendored MiniSearch (a UMD file: in a page it sets window.MiniSearch).
  const minisearch = path.join(VENDOR, "minisearch.js");
  vm.runInContext(fs.readFileSync(minisearch, "utf8"), sandbox, { filename: minisearch });
  window.MiniSearch = sandbox.MiniSearch;
  for (const name of ["core", ...modules]) {
    const file = path.join(ASSETS, `${name}.js`);
    vm.runInContext(fs.readFileSync(file, "utf8"), sandbox, { filename: file });
  }
  return window.BorderAtlas;
}

/** A value from the sandbox as plain data of this realm, for deepStrictEqual. */
function plain(value) {
  return JSON.parse(JSON.stringify(value));
}

module.exports = { load, plain };
