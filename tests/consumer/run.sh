#!/usr/bin/env bash
# The package as a new user meets it. Copies the repository's files (tracked and untracked-but-not-ignored: what a
# clean clone of the working tree would hold, no obj/ or bin/) into a temporary folder and runs
# `dotnet pack src/NeuralTangents.Runtime -c Release -o DIR` there as the FIRST command, then checks the package
# (readme, authors, repository URL, version, the compiler components and the diagnostics pages) and builds two
# throwaway projects against it (not against the repository's projects): App must build without warnings and run
# its generated model; Planted must report the planted diagnostic ids, each at the attribute or call that causes it,
# with a help link that is the file:// address of the id's page inside the installed package. Everything lives in a
# temporary folder that is removed on exit.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A fresh version per run, so that no cached copy of an earlier pack is ever used.
version="0.0.0-consumer.$(date +%s)"

echo "== Clean copy: pack is the first command"
mkdir "$work/repo"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -C "$work/repo" -xf -
if [ -n "$(find "$work/repo" -type d \( -name obj -o -name bin \) -print -quit)" ]; then
  echo "the copy is not clean: it has obj/ or bin/ folders" >&2
  exit 1
fi
dotnet pack "$work/repo/src/NeuralTangents.Runtime" -c Release -o "$work/feed" -p:Version="$version" --nologo -v quiet
default_version="$(dotnet msbuild "$work/repo/src/NeuralTangents.Runtime" -getProperty:Version)"
echo "default version: $default_version"
if [ "$default_version" = "1.0.0" ] || [ -z "$default_version" ]; then
  echo "the package version is not set (VersionPrefix in Directory.Build.props)" >&2
  exit 1
fi

echo "== Package contents"
python3 - "$work/feed/NeuralTangents.$version.nupkg" "$work/repo/docs/diagnostics" <<'PYTHON'
import os, re, sys, zipfile
package = zipfile.ZipFile(sys.argv[1])
pages = sorted(name for name in os.listdir(sys.argv[2]) if re.fullmatch(r"NT\d{4}\.md", name))
names = set(package.namelist())
nuspec = package.read(next(n for n in names if n.endswith(".nuspec"))).decode()
def need(condition, what):
    if not condition:
        sys.exit(f"package: {what}\n{nuspec}")
need("README.md" in names and "<readme>README.md</readme>" in nuspec, "no readme")
for component in ("Generators", "Analyzers", "Analyzers.CodeFixes"):
    need(f"analyzers/dotnet/cs/NeuralTangents.{component}.dll" in names, f"no NeuralTangents.{component}.dll under analyzers/dotnet/cs")
# The help links point into the installed package, so every id's page must be in it.
need(pages and all("docs/diagnostics/" + page in names for page in pages), f"not every diagnostics page of {pages}")
authors = re.search(r"<authors>(.*?)</authors>", nuspec)
need(authors and authors.group(1) not in ("NeuralTangents", "NeuralTangents.Runtime"), "authors are the project name")
need(re.search(r'<repository type="git" url="https://[^"]+"', nuspec), "no repository URL")
need("NeuralTangents.Generators" not in nuspec and "NeuralTangents.Analyzers" not in nuspec, "the compiler components are package dependencies")
print("package ok:", authors.group(1), re.search(r'<repository[^>]*>', nuspec).group(0))
PYTHON

cat > "$work/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
CONFIG
cp -r "$root/tests/consumer/App" "$root/tests/consumer/Planted" "$work/"

echo "== App: builds with no warnings and runs"
dotnet restore "$work/App" --configfile "$work/nuget.config" -p:NeuralTangentsVersion="$version" -p:RestorePackagesPath="$work/packages" -v quiet
dotnet build "$work/App" --no-restore -p:NeuralTangentsVersion="$version" -p:RestorePackagesPath="$work/packages" -v quiet --nologo
output="$(dotnet run --project "$work/App" --no-build -p:NeuralTangentsVersion="$version" -p:RestorePackagesPath="$work/packages")"
echo "$output"
grep -q "^apply 3x2$" <<<"$output"
grep -q "^nngp 3x3 ntk 3x3$" <<<"$output"
grep -q "^ntk only 3x3$" <<<"$output"
# The types generated code calls live in NeuralTangents.CompilerServices, all hidden from IntelliSense (none left in NeuralTangents.Fusion).
grep -qE "^generated-code types ([1-9][0-9]*) hidden \1, elsewhere 0$" <<<"$output"
grep -q "^wrong input: Mlp declares InputShape (4,), so every input must have shape (-1, 4) (items first), got (3, 2).*$" <<<"$output"

echo "== Planted: reports the planted diagnostics"
dotnet restore "$work/Planted" --configfile "$work/nuget.config" -p:NeuralTangentsVersion="$version" -p:RestorePackagesPath="$work/packages" -v quiet
set +e
# ErrorLog writes the build's diagnostics as SARIF 2.1 (the comma of "path,version=2.1" escaped for the command line).
planted="$(dotnet build "$work/Planted" --no-restore -p:NeuralTangentsVersion="$version" -p:RestorePackagesPath="$work/packages" \
  -p:ErrorLog="$work/planted.sarif%2Cversion=2.1" --nologo 2>&1)"
set -e
ids="$(grep -oE "(warning|error) NT[0-9]{4}" <<<"$planted" | sort -u | tr '\n' ' ')"
echo "reported: $ids"
expected="error NT0001 error NT0002 error NT0004 error NT0006 warning NT0008 warning NT0009 warning NT0010 warning NT0011 warning NT0101 "
if [ "$ids" != "$expected" ]; then
  echo "expected: $expected" >&2
  echo "$planted" >&2
  exit 1
fi
# Each diagnostic is located at the attribute or call that causes it, with a file:// help link after the message.
models="$work/Planted/Models.cs"
located() {
  local id="$1" pattern="$2" line
  # The first line with the pattern that is not a comment.
  line="$(grep -nF -- "$pattern" "$models" | grep -v '^[0-9]*: *//' | head -1 | cut -d: -f1)"
  if ! grep -qE "Models\.cs\($line,[0-9]+\): (warning|error) $id: .*\(file:///[^ )]+/$id\.md\)" <<<"$planted"; then
    echo "$id is not reported at line $line ($pattern) with a file:// help link" >&2
    echo "$planted" >&2
    exit 1
  fi
}
located NT0001 "[Erf]"
located NT0006 "Stax.FanInSum()"
located NT0011 "[GlobalAvgPool]"
located NT0101 "[Network]"
located NT0004 "Stax.Dense(8, wStd: 0)"
# Every help link opens: the SARIF helpUri of each reported id is the file:// URI of an existing page of that id inside
# the installed package's folder, and the link printed after each message is the same URI.
printf '%s\n' "$planted" >"$work/planted.log"
python3 - "$work/planted.sarif" "$work/packages/neuraltangents/$version" "$work/planted.log" <<'PYTHON'
import json, os, re, sys, urllib.parse
sarif, package = sys.argv[1], os.path.realpath(sys.argv[2])
output = open(sys.argv[3]).read()
run = json.load(open(sarif))["runs"][0]
rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
reported = sorted({result["ruleId"] for result in run["results"] if result["ruleId"].startswith("NT")})
if not reported:
    sys.exit("the SARIF log has no NT diagnostics")
for rule_id in reported:
    uri = rules[rule_id].get("helpUri", "")
    parts = urllib.parse.urlparse(uri)
    page = os.path.realpath(urllib.parse.unquote(parts.path))
    if parts.scheme != "file" or not os.path.isfile(page):
        sys.exit(f"{rule_id}: helpUri '{uri}' is not the file URI of an existing file")
    if page != os.path.join(package, "docs", "diagnostics", rule_id + ".md"):
        sys.exit(f"{rule_id}: helpUri '{uri}' is not the page of {rule_id} inside the package folder {package}")
    printed = set(re.findall(r": (?:warning|error) " + rule_id + r": .*\((\S+)\)", output))
    if printed != {uri}:
        sys.exit(f"{rule_id}: the build printed {sorted(printed)} after the message, the SARIF helpUri is '{uri}'")
    print(f"{rule_id}: {uri}")
PYTHON
echo "consumer test passed"
