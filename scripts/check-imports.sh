#!/usr/bin/env bash
# Checks that each target in Package.swift lists exactly the modules its sources import
# (house style: "Package.swift lists exactly what each target imports"). A module imported but
# not listed builds today only because another dependency drags it in; one listed but never
# imported is a dependency nobody needs. Prints every mismatch and exits 1; silent and 0 when
# all agree. Needs bash, find, awk (POSIX: mawk will do), sed, tr, sort and comm; not Swift.
#
# Assumptions, true of this package: a product (`.product(name: "X", …)`) provides the module X;
# a target's sources are in its `path:` or else Sources/NAME (Tests/NAME for test targets).
#
# Usage: scripts/check-imports.sh [MANIFEST]   (default Package.swift, read from the package root)
set -euo pipefail
cd "$(dirname "$0")/.."
manifest=${1:-Package.swift}

# Modules of the toolchain and the OS: imported freely, never listed.
system_modules="Swift _Concurrency _StringProcessing Foundation FoundationEssentials FoundationInternationalization
FoundationNetworking FoundationXML CoreFoundation Dispatch Glibc Musl Darwin Android Bionic WinSDK ucrt
Synchronization RegexBuilder Observation Distributed Cxx CxxStdlib Testing XCTest os ObjectiveC"

# Package.swift as one line per target: KIND|NAME|PATH|DEP,DEP,… (PATH empty when not given).
# A small tokenizer (strings, words, brackets; comments dropped) and a walk that tracks nesting,
# so that `.target(name:)` inside a dependency list is not read as a new target, and only the
# names of dependencies count (not `package:` or the strings of a `condition:`).
targets() {
  awk '
    { source = source $0 "\n" }
    END {
      n = length(source); i = 1; count = 0
      while (i <= n) {
        c = substr(source, i, 1)
        if (c == "/" && substr(source, i + 1, 1) == "/") {
          while (i <= n && substr(source, i, 1) != "\n") i++
        } else if (c == "/" && substr(source, i + 1, 1) == "*") {
          end = index(substr(source, i + 2), "*/"); i = end ? i + end + 3 : n + 1
        } else if (c == "\"") {
          value = ""; i++
          while (i <= n && substr(source, i, 1) != "\"") {
            if (substr(source, i, 1) == "\\") i++
            value = value substr(source, i, 1); i++
          }
          token[++count] = "\"" value; i++
        } else if (c ~ /[A-Za-z_.]/) {
          word = ""
          while (i <= n && substr(source, i, 1) ~ /[A-Za-z0-9_.]/) { word = word substr(source, i, 1); i++ }
          token[++count] = word
        } else {
          if (c ~ /[][():,]/) token[++count] = c
          i++
        }
      }
      depth = 0; inTarget = 0; inDependencies = 0
      for (k = 1; k <= count; k++) {
        t = token[k]
        if (!inTarget && t ~ /^\.(target|executableTarget|testTarget|systemLibrary|binaryTarget|plugin|macro)$/ && token[k + 1] == "(") {
          inTarget = 1; targetDepth = depth; kind = substr(t, 2); name = ""; path = ""; dependencies = ""
          continue
        }
        if (t == "(" || t == "[") { depth++; continue }
        if (t == ")" || t == "]") {
          depth--
          if (inDependencies && depth == dependenciesDepth) inDependencies = 0
          if (inTarget && depth == targetDepth) { print kind "|" name "|" path "|" dependencies; inTarget = 0 }
          continue
        }
        if (!inTarget) continue
        if (depth == targetDepth + 1 && token[k + 1] == ":") {
          if (t == "name" && token[k + 2] ~ /^"/) name = substr(token[k + 2], 2)
          if (t == "path" && token[k + 2] ~ /^"/) path = substr(token[k + 2], 2)
          if (t == "dependencies" && token[k + 2] == "[") { inDependencies = 1; dependenciesDepth = depth }
        }
        # A dependency: a bare "Name", or the name: of .product(…), .target(…), .byName(…).
        if (inDependencies && t ~ /^"/ \
            && (depth == dependenciesDepth + 1 || (depth == dependenciesDepth + 2 && token[k - 2] == "name" && token[k - 1] == ":"))) {
          dependencies = dependencies (dependencies == "" ? "" : ",") substr(t, 2)
        }
      }
    }
  ' "$manifest"
}

# "MODULE FILE" for each import in the Swift files under $1: `import X`, `@testable import X`,
# `public import X`, `import struct X.Y`, indented ones inside `#if`.
imports() {
  find "$1" -name '*.swift' -exec awk '
    /^[ \t]*(@[^ \t]+[ \t]+)*((public|package|internal|fileprivate|private)[ \t]+)?import[ \t]/ {
      for (i = 1; i <= NF; i++) if ($i == "import") {
        module = $(i + 1)
        if (module ~ /^(typealias|struct|class|enum|protocol|let|var|func)$/) module = $(i + 2)
        sub(/[^A-Za-z0-9_].*/, "", module)
        print module, FILENAME
        break
      }
    }
  ' {} +
}

status=0
checked=0
while IFS='|' read -r kind name path dependencies; do
  case $kind in
    target | executableTarget | macro) folder=${path:-Sources/$name} ;;
    testTarget) folder=${path:-Tests/$name} ;;
    *) continue ;;  # system libraries, binaries and plugins import nothing of ours
  esac
  checked=$((checked + 1))
  if [ ! -d "$folder" ]; then
    echo "check-imports: $name: no folder $folder"
    status=1
    continue
  fi
  found=$(imports "$folder")
  imported=$(awk -v own="$name" -v toolchain="$system_modules" '
    BEGIN { split(toolchain, list, /[ \n]+/); for (i in list) skip[list[i]] = 1 }
    $1 != own && !($1 in skip) { print $1 }
  ' <<<"$found" | sort -u)
  listed=$(tr ',' '\n' <<<"$dependencies" | sed '/^$/d' | sort -u)
  while read -r module; do
    [ -n "$module" ] || continue
    file=$(awk -v m="$module" '$1 == m { print $2; exit }' <<<"$found")
    echo "check-imports: $name imports $module ($file) but does not list it in Package.swift"
    status=1
  done < <(comm -23 <(printf '%s\n' "$imported") <(printf '%s\n' "$listed"))
  while read -r module; do
    [ -n "$module" ] || continue
    echo "check-imports: $name lists $module in Package.swift, but no file in $folder imports it"
    status=1
  done < <(comm -13 <(printf '%s\n' "$imported") <(printf '%s\n' "$listed"))
done < <(targets)

if [ "$checked" -eq 0 ]; then
  echo "check-imports: found no targets in $manifest (has its layout changed?)"
  status=1
fi
exit $status
