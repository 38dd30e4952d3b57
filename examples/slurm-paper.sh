#!/usr/bin/env bash
# The paper's study (examples/paper.toml) on a Slurm cluster, as job arrays: every quench and
# every stiffness run is one array task (one job of the plan: `glassml run --stage S --index I`),
# the ARTn activation another array, and a last job runs the rest (training, predictions, report)
# once they are all done. All tasks share one study directory on a shared file system; each task
# finds its inputs in its cache and writes only its own product, so a task that hits its time
# limit is simply resubmitted (the quench resumes from its restart file). The runner locks the
# study directory and each job with flock(2): on Lustre mount with `-o flock`; NFSv4 supports it.
#
#   bash examples/slurm-paper.sh [STUDY.toml] [OUT_DIR]
#
# Adapt the #SBATCH-style options below (partition, account, cores per task, time limits) to the
# cluster. glassml must be built on the cluster (scripts/setup.sh) with an MPI-enabled LAMMPS.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
study=$(realpath "${1:-$root/examples/paper.toml}")
out=$(realpath -m "${2:-${SCRATCH:-$root/out}/paper}")
glassml="$root/build/src/cli/glassml"
account_opts=${SLURM_OPTS:-}   # e.g. SLURM_OPTS="--partition=compute --account=myproject"

# How many jobs each stage has, from the plan.
count() { "$glassml" run "$study" --out "$out" --dry-run | grep -c -- "--stage $1 --index" || true; }
nq=$(count quench) ns=$(count stiffness) na=$(count activate)
echo "plan: $nq quench, $ns stiffness, $na activate jobs; study directory $out"

task() {  # sbatch options..., then the stage: one array task per job of the stage
  local stage=${*: -1}
  sbatch --parsable $account_opts "${@:1:$#-1}" --job-name="glassml-$stage" --output="$out/slurm-%x-%A_%a.out" \
    --wrap "$glassml run '$study' --out '$out' --stage $stage --index \$SLURM_ARRAY_TASK_ID --mpirun 'srun'"
}
mkdir -p "$out"
# 19,652 atoms at 1e10 K/s: ~55 core-days per sample -> 64 MPI ranks, ~1 day (1e9 K/s: ~10 days).
q=$(task --array=0-$((nq - 1)) --ntasks=64 --time=3-00:00:00 quench)
# tau = 100 ps at 6 temperatures: ~4.3 core-hours per sample.
s=$(task --array=0-$((ns - 1)) --dependency=aftercorr:$q --ntasks=16 --time=04:00:00 stiffness)
deps="afterok:$s"
if [ "$na" -gt 0 ]; then
  # ARTn needs only the quenched structure: it runs beside the stiffness array.
  a=$(sbatch --parsable $account_opts --array=0-$((na - 1)) --dependency=afterok:$q --ntasks=1 --cpus-per-task=32 \
        --time=3-00:00:00 --job-name=glassml-activate --output="$out/slurm-%x-%A_%a.out" \
        --wrap "$glassml run '$study' --out '$out' --stage activate --index \$SLURM_ARRAY_TASK_ID")
  deps="$deps:$a"
fi
# The rest (train with 5-fold CV, predictions, report) in one job; what is cached is skipped.
f=$(sbatch --parsable $account_opts --dependency="$deps" --ntasks=1 --cpus-per-task=16 --time=1-00:00:00 \
      --job-name=glassml-study --output="$out/slurm-%x-%j.out" --wrap "$glassml run '$study' --out '$out' -j 16")
echo "submitted: quench $q, stiffness $s${a:+, activate $a}, rest $f; follow $out/journal.tsv"
