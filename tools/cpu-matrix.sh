#!/usr/bin/env bash
# The CPU matrix (docs/determinism.md): libtorch's code paths as other CPUs take them, simulated with the
# switches it reads (MKL_CBWR for MKL, ATEN_CPU_CAPABILITY for ATen's kernels; "native" leaves one unset),
# and under each the verdicts of the bundled suite, the property tests and random networks, and the
# bundled suite's report bytes. Run from the repository root after `mvn -B install -DskipTests`.
# Usage: tools/cpu-matrix.sh [RANDOM_NETWORKS_PER_KIND]   (default 250: 1,000 networks per setting)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
count="${1:-250}"
out="$root/target/cpu-matrix"
mkdir -p "$out"
classpath="$root/parity-tests/target/classes:$(cat "$root/parity-tests/target/cli.classpath")"
printf '| MKL_CBWR | ATEN_CPU_CAPABILITY | tests (suite, property, random networks) | suite verdicts | report sha256 |\n|---|---|---|---|---|\n'
for mkl in native COMPATIBLE AVX2 AVX512; do
  for aten in native default avx2 avx512; do
    name="$mkl-$aten"
    settings=()
    [ "$mkl" = native ] || settings+=("MKL_CBWR=$mkl")
    [ "$aten" = native ] || settings+=("ATEN_CPU_CAPABILITY=$aten")
    # The poms pin both by default; an empty value leaves the variable unset for the test JVM.
    mvnMkl=""; [ "$mkl" = native ] || mvnMkl="$mkl"
    mvnAten=""; [ "$aten" = native ] || mvnAten="$aten"
    mvn -o -B -q -pl parity-tests failsafe:integration-test failsafe:verify \
      -Dit.test='BundledSuiteParityIT,CoreReferencePropertyIT,RandomNetworksIT' \
      -DrandomNetworks.count="$count" -Dcpu.mklPath="$mvnMkl" -Dcpu.atenCapability="$mvnAten" \
      > "$out/$name-tests.log" 2>&1 && tests=pass || tests=FAIL
    env -u MKL_CBWR -u ATEN_CPU_CAPABILITY ${settings[@]+"${settings[@]}"} OMP_NUM_THREADS=1 \
      java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
      -cp "$classpath" parity.cli.ParityCli check --report-dir "$out/$name" > "$out/$name-check.txt" 2>&1 || true
    verdicts="$(tail -n 2 "$out/$name-check.txt" | head -n 1)"
    sha="$(sha256sum "$out/$name/parity-report.json" | cut -c1-12)"
    printf '| %s | %s | %s | %s | %s |\n' "$mkl" "$aten" "$tests" "$verdicts" "$sha"
  done
done
