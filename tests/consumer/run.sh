#!/usr/bin/env bash
# Packs the NeuralTangents package into a temporary feed and builds two throwaway projects against it (not against
# the repository's projects): App must build without warnings and run its generated model; Planted must report the
# planted diagnostic ids. Everything lives in a temporary folder that is removed on exit.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A fresh version per run, so that no cached copy of an earlier pack is ever used.
version="0.0.0-consumer.$(date +%s)"

dotnet pack "$root/src/NeuralTangents.Runtime" -c Release -o "$work/feed" -p:Version="$version" --nologo -v quiet
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

echo "== Planted: reports the planted diagnostics"
dotnet restore "$work/Planted" --configfile "$work/nuget.config" -p:NeuralTangentsVersion="$version" -p:RestorePackagesPath="$work/packages" -v quiet
set +e
planted="$(dotnet build "$work/Planted" --no-restore -p:NeuralTangentsVersion="$version" -p:RestorePackagesPath="$work/packages" --nologo 2>&1)"
set -e
ids="$(grep -oE "(warning|error) NT[0-9]{4}" <<<"$planted" | sort -u | tr '\n' ' ')"
echo "reported: $ids"
expected="error NT0002 error NT0004 warning NT0001 warning NT0008 warning NT0009 warning NT0010 warning NT0101 "
if [ "$ids" != "$expected" ]; then
  echo "expected: $expected" >&2
  echo "$planted" >&2
  exit 1
fi
echo "consumer test passed"
