#!/usr/bin/env bash
# GPU check (issue 12 item 8): the test suite and the benchmarks on a CUDA device, in one prepared run.
#
#   benchmarks/gpu-check.sh prepare   on a machine with the NuGet packages (this one): builds the three test
#                                     assemblies and the two benchmark programs (Release) into one folder, copies
#                                     Fashion-MNIST (10 000 training images) beside them, and packs it all as
#                                     artifacts/gpu-check.tar.gz (about 22 MB)
#   benchmarks/gpu-check.sh run       on the GPU machine, from the repository root: prints nvidia-smi, runs the
#                                     benchmarks, then the tests, with NEURALTANGENTS_ACCELERATOR=cuda, each under a
#                                     timeout, at most about 8.5 minutes in all; writes everything under $OUT (else
#                                     artifacts/gpu-check-results/<time>), summary.txt listing each step's exit code
#
# What the GPU machine needs: the .NET 10 SDK (dotnet test runs the prebuilt test assemblies through VSTest) and a
# CUDA driver. It has no internet and ~/.nuget/packages is not copied, so nothing is restored or built there: carry
# artifacts/gpu-check.tar.gz (an ignored path) with the working tree, e.g. with the device tool:
#   run(command="benchmarks/gpu-check.sh run", carry=["artifacts/gpu-check.tar.gz"], timeout_s=580)
# Without the archive (a machine that can restore) `run` falls back to `dotnet test NeuralTangents.sln` and
# `dotnet run -c Release --project …`, under the same timeouts.
#
# Some generator/analyzer tests find their files through the absolute source path compiled into them
# ([CallerFilePath]); `run` links the build machine's repository path to this checkout when that path is free.
# NEURALTANGENTS_ACCELERATOR=cuda makes KernelEngine.Default and the tests' shared engine (CpuEngineFixture) use the
# first CUDA device; on CUDA spatial networks run the pair-major plan's device kernels (DevicePlanRunner), the others
# the generated fused chains or the interpreted layers as ILGPU device kernels.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stage="$root/artifacts/gpu-check"
archive="$root/artifacts/gpu-check.tar.gz"
data=/usr/share/datasets/fashion-mnist

prepare() {
    rm -rf "$stage" "$archive"
    mkdir -p "$stage/bin" "$stage/fashion-mnist"
    local project
    for project in tests/NeuralTangents.Tests tests/NeuralTangents.Generators.Tests tests/NeuralTangents.Analyzers.Tests \
        benchmarks/NeuralTangents.Benchmarks benchmarks/NeuralTangents.Generators.Benchmarks; do
        echo "== build $project"
        dotnet build "$root/$project" -c Release -o "$stage/bin" -nologo -v q -p:SatelliteResourceLanguages=en -p:DebugType=none \
            || return 1
    done
    # Only Linux x64 native assets: the Windows/macOS/ARM ones of BenchmarkDotNet's dependencies are most of the size.
    find "$stage/bin/runtimes" -mindepth 1 -maxdepth 1 ! -name linux-x64 ! -name unix -exec rm -rf {} +
    rm -rf "$stage/bin/x86" "$stage/bin/amd64" "$stage/bin/arm64"
    if [ -d "$data" ]; then
        # The test split whole; the first 10 000 training images (all any benchmark here reads), to stay small.
        cp "$data"/t10k-*.gz "$stage/fashion-mnist/"
        python3 - "$data" "$stage/fashion-mnist" 10000 <<'PY' || return 1
import gzip, struct, sys
source, target, keep = sys.argv[1], sys.argv[2], int(sys.argv[3])
for name, item in (("train-images-idx3-ubyte.gz", 28 * 28), ("train-labels-idx1-ubyte.gz", 1)):
    with gzip.open(f"{source}/{name}") as f:
        magic = f.read(4)
        rank = magic[3]
        dims = list(struct.unpack(f">{rank}I", f.read(4 * rank)))
        body = f.read(keep * item)
    dims[0] = keep
    with gzip.open(f"{target}/{name}", "wb") as f:
        f.write(magic + struct.pack(f">{rank}I", *dims) + body)
PY
    else
        echo "no $data: the benchmarks will use the embedded 500 images"
    fi
    echo "$root" > "$stage/build-root"
    git -C "$root" describe --always --dirty > "$stage/commit"
    tar -czf "$archive" -C "$root/artifacts" gpu-check
    rm -rf "$stage"
    ls -la "$archive"
}

# step NAME SECONDS COMMAND…: runs COMMAND under a timeout, output to $results/NAME.txt and the console.
step() {
    local name="$1" seconds="$2"
    shift 2
    echo "== $name (timeout ${seconds}s): $*" | tee "$results/$name.txt"
    local start=$SECONDS
    timeout --kill-after=10 "$seconds" "$@" 2>&1 | tee -a "$results/$name.txt"
    local rc=${PIPESTATUS[0]}
    echo "== $name: exit $rc after $((SECONDS - start))s" | tee -a "$results/$name.txt"
    echo "$name exit=$rc seconds=$((SECONDS - start))" >> "$results/summary.txt"
}

run() {
    results="${OUT:-$root/artifacts/gpu-check-results/$(date +%Y%m%d-%H%M%S)}"
    mkdir -p "$results"
    # cuda unless set otherwise (NEURALTANGENTS_ACCELERATOR=cpu rehearses the script on a machine without a GPU).
    export NEURALTANGENTS_ACCELERATOR="${NEURALTANGENTS_ACCELERATOR:-cuda}" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    : > "$results/summary.txt"
    step nvidia-smi 15 nvidia-smi
    step dotnet-info 15 dotnet --info

    if [ -f "$archive" ]; then mkdir -p "$root/artifacts" && tar -xzf "$archive" -C "$root/artifacts"; fi
    if [ -d "$stage/bin" ]; then
        # Tests that locate files through [CallerFilePath] look under the build machine's checkout.
        local built
        built="$(cat "$stage/build-root")"
        if [ "$built" != "$root" ] && [ ! -e "$built" ]; then mkdir -p "$(dirname "$built")" && ln -s "$root" "$built"; fi
        # The benchmarks read Fashion-MNIST from its Debian location (the embedded subset holds only 500 images).
        if [ ! -d "$data" ] && ls "$stage/fashion-mnist/"*.gz > /dev/null 2>&1; then
            mkdir -p "$data" && cp "$stage/fashion-mnist/"*.gz "$data/" || echo "could not install $data" | tee -a "$results/summary.txt"
        fi
        echo "prebuilt from commit $(cat "$stage/commit"); this checkout: $(git -C "$root" describe --always --dirty 2>/dev/null || echo "not a git checkout")" \
            | tee -a "$results/summary.txt"
        local bin="$stage/bin"
        local generators=(dotnet "$bin/NeuralTangents.Generators.Benchmarks.dll") engine=(dotnet "$bin/NeuralTangents.Benchmarks.dll")
    else
        local generators=(dotnet run -c Release --project "$root/benchmarks/NeuralTangents.Generators.Benchmarks" --)
        local engine=(dotnet run -c Release --project "$root/benchmarks/NeuralTangents.Benchmarks" --)
    fi

    # The benchmarks first (about 1 minute on 2 CPU cores): their numbers are what the run is for; the tests take
    # whatever time is left, the GPU-relevant assembly first and the compile-time analyzer tests last.
    step fcn-10000 75 "${generators[@]}" --quick --n 10000 --repeat 3 --skip-interpreted
    step cnn-flatten 50 "${generators[@]}" --cnn flatten --n1 200 --n2 200 --repeat 3
    step cnn-gap 40 "${generators[@]}" --cnn gap --n1 4 --repeat 3
    # The device plan's GlobalAvgPool kernel on enough pairs (2 080) to fill the GPU.
    step cnn-gap-64 45 "${generators[@]}" --cnn gap --n1 64 --repeat 2
    step engine-quick 40 "${engine[@]}" --quick
    if [ -d "$stage/bin" ]; then
        step tests 150 dotnet test "$bin/NeuralTangents.Tests.dll" --logger "console;verbosity=normal"
        step generator-tests 60 dotnet test "$bin/NeuralTangents.Generators.Tests.dll"
        step analyzer-tests 30 dotnet test "$bin/NeuralTangents.Analyzers.Tests.dll"
    else
        step tests 270 dotnet test "$root/NeuralTangents.sln"
    fi
    cat "$results/summary.txt"
}

case "${1:-}" in
    prepare) prepare ;;
    run) run ;;
    *) echo "usage: $0 prepare|run" >&2; exit 2 ;;
esac
