#!/bin/bash
# Submits a configuration's runs as a Slurm job array (one run per task) and a report job that runs after it.
#   scripts/slurm/submit-sweep.sh CONFIG OUTPUT [sbatch options for the array, e.g. --time=03:00:00 --mem=16G]
# OUTPUT must be on a file system every node sees. The host is Host/bin/Release/net10.0/SparsePlugins.Host.dll of
# this checkout (build it first: dotnet build Host -c Release), or $HOST_DLL. Prints the two job ids.
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: $0 CONFIG OUTPUT [sbatch options...]" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
config=$(realpath "$1"); output=$(realpath -m "$2"); shift 2
host=${HOST_DLL:-$here/../../Host/bin/Release/net10.0/SparsePlugins.Host.dll}
host=$(realpath "$host")
# --list validates every run (a bad configuration stops here, before anything is queued) and prints their names.
names=$(dotnet "$host" run --config "$config" --Output="$output" --list)
count=$(printf '%s\n' "$names" | grep -c .)
if [ "$count" -eq 0 ]; then
    echo "error: $config selects no runs" >&2
    exit 2
fi
mkdir -p "$output"
export CONFIG="$config" OUTPUT="$output" HOST_DLL="$host"
array=$(sbatch --parsable --chdir="$output" --array=0-$((count - 1)) "$@" "$here/sweep.sbatch")
report=$(sbatch --parsable --chdir="$output" --dependency=afterany:"$array" "$here/report.sbatch")
echo "array $array ($count runs), report $report; outputs in $output"
