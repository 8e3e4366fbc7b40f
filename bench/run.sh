#!/usr/bin/env bash
# bench/run.sh — tresor vs restic vs borg on a synthetic practice server tree.
#
#   bench/run.sh [--scale small|medium|large] [--tools tresor,restic,borg] [--seed N] [WORKDIR]
#
# Phases per tool: day-0 backup, day-1 backup (after gen_practice.py day 1),
# full restore of the latest snapshot (verified with diff -r, untimed).
# Prints a Markdown table (also written to WORKDIR/results.md).
# WORKDIR (default /tmp/tresor-bench) is wiped at the start.
set -euo pipefail

SCALE=small
TOOLS=tresor,restic,borg
SEED=7
WORK=/tmp/tresor-bench
while [[ $# -gt 0 ]]; do
    case "$1" in
        --scale) SCALE=$2; shift 2 ;;
        --tools) TOOLS=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) WORK=$1; shift ;;
    esac
done
IFS=, read -r -a TOOL_LIST <<<"$TOOLS"
for tool in "${TOOL_LIST[@]}"; do
    case $tool in tresor|restic|borg) ;; *) echo "unknown tool $tool" >&2; exit 2 ;; esac
done

# WORK is wiped: only ever a directory this script created.
if [[ -d $WORK && -n $(ls -A "$WORK") && ! -e $WORK/.tresor-bench ]]; then
    echo "$WORK exists and is not a bench directory; refusing to wipe it" >&2
    exit 2
fi
mkdir -p "$WORK" && WORK=$(cd "$WORK" && pwd)

HERE=$(cd "$(dirname "$0")" && pwd)
CRATE=$(cd "$HERE/.." && pwd)
GEN="$HERE/gen_practice.py"
SRC="$WORK/src"
TIME=/usr/bin/time

# Same passwords for everybody; they only protect throw-away repositories.
export RESTIC_PASSWORD=bench RESTIC_CACHE_DIR="$WORK/cache/restic"
export BORG_PASSPHRASE=bench BORG_BASE_DIR="$WORK/cache/borg"
export BORG_RELOCATED_REPO_ACCESS_IS_OK=yes

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
has_tool() { [[ ",$TOOLS," == *",$1,"* ]]; }

install_missing() {
    local pkgs=()
    has_tool restic && ! command -v restic >/dev/null && pkgs+=(restic)
    has_tool borg && ! command -v borg >/dev/null && pkgs+=(borgbackup)
    [[ -x $TIME ]] || pkgs+=(time)
    [[ ${#pkgs[@]} -eq 0 ]] && return 0
    log "installing ${pkgs[*]}"
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${pkgs[@]}" >/dev/null
}

# TRESOR_BIN=/path/to/tresor benchmarks a prebuilt binary instead.
build_tresor() {
    if [[ -n ${TRESOR_BIN:-} ]]; then
        TRESOR=$TRESOR_BIN
        return
    fi
    log "cargo build --release"
    (cd "$CRATE" && cargo build --release --quiet)
    TRESOR="${CARGO_TARGET_DIR:-$CRATE/target}/release/tresor"
}

# --- Tool adapters --------------------------------------------------------
# <tool>_cmd PHASE REPO [OUT] sets CMD (an argv array) for one phase:
# init | backup | restore. Keeping each tool in one function makes it easy to
# follow CLI changes. Commands run in $WORK; restored_root finds where each
# tool put the tree (OUT/src, or OUT/<absolute path of src>).

tresor_cmd() {
    local phase=$1 repo=$2 out=${3:-}
    # init writes the machine key and a recovery key into keys/tresor
    local key=(--key "$WORK/keys/tresor/machine.key")
    case $phase in
        init) CMD=("$TRESOR" init --repo "$repo" --key-out "$WORK/keys/tresor") ;;
        backup) CMD=("$TRESOR" backup --quiet --repo "$repo" --path "$SRC" "${key[@]}") ;;
        restore) CMD=("$TRESOR" restore latest --quiet --repo "$repo" --target "$out" "${key[@]}") ;;
    esac
}

restic_cmd() {
    local phase=$1 repo=$2 out=${3:-}
    case $phase in
        # repository format 2 (the one with compression), explicit for old restic
        init) CMD=(restic init --repo "$repo" --repository-version 2 --quiet) ;;
        # default compression (auto) as a practice would run it
        backup) CMD=(restic backup --repo "$repo" --quiet src) ;;
        restore) CMD=(restic restore latest --repo "$repo" --target "$out" --quiet) ;;
    esac
}

borg_cmd() {
    local phase=$1 repo=$2 out=${3:-}
    case $phase in
        init) CMD=(borg init -e repokey-blake2 "$repo") ;;
        # zstd,3: comparable to tresor's zstd; borg's default is lz4 (see README)
        backup) CMD=(borg create --compression "${BORG_COMPRESSION:-zstd,3}" "$repo::day$DAY" src) ;;
        # borg extracts into the working directory
        restore) CMD=(env -C "$out" borg extract "$repo::day$DAY") ;;
    esac
}

# --- Measurement ----------------------------------------------------------
RESULTS=()

# Reads all of DIR so every tool starts with the same warm page cache
# (dropping caches needs privileges we may not have).
warm() { find "$1" -type f -exec cat {} + >/dev/null; }

# measure TOOL PHASE BYTES REPO: runs CMD in $WORK, records one table row.
measure() {
    local tool=$1 phase=$2 bytes=$3 repo=$4 tf="$WORK/time.txt" t0 t1
    local out="$WORK/$tool-${phase// /-}.log"
    t0=$(date +%s%N)
    if ! (cd "$WORK" && "$TIME" -v -o "$tf" "${CMD[@]}" >"$out" 2>&1); then
        log "$tool $phase FAILED, see $out"
        tail -5 "$out" >&2
        RESULTS+=("| $tool | $phase | failed | | | | |")
        return 1
    fi
    t1=$(date +%s%N)
    local rss_kb repo_bytes
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
    repo_bytes=$(du -sb "$repo" | cut -f1)
    RESULTS+=("$(awk -v t="$tool" -v p="$phase" -v ns=$((t1 - t0)) -v b="$bytes" \
        -v rss="$rss_kb" -v rb="$repo_bytes" 'BEGIN {
            s = ns / 1e9
            printf "| %s | %s | %.2f | %.1f | %.0f | %.1f | %d |", t, p, s, b / 1048576 / s, rss / 1024, rb / 1048576, rb
        }')")
    log "$tool $phase done"
}

restored_root() {
    local c
    for c in "$1/src" "$1$SRC" "$1"; do
        [[ -d $c/DCONCEPT ]] && { echo "$c"; return; }
    done
}

tree_bytes() { du -sb --apparent-size "$1" | cut -f1; }

backup_phase() {
    local tool=$1 phase=$2 repo="$WORK/repo-$1"
    warm "$SRC"
    prefault "$(restore_root)"
    sync # no writeback of an earlier phase runs during this one
    "${tool}_cmd" backup "$repo"
    measure "$tool" "$phase" "$(tree_bytes "$SRC")" "$repo" || FAILED+=("$tool $phase")
}

# Restores go to a tmpfs when one has room: on this VM's ext4, creating
# thousands of files right after thousands were deleted (the previous tool's
# restore, the day-1 changes) costs seconds of kernel time in the inode
# allocator, and that cost lands on whichever tool runs next.
restore_root() {
    local need=$(( $(tree_bytes "$SRC") * 2 )) free
    if [[ -d /dev/shm ]] && free=$(df -B1 --output=avail /dev/shm 2>/dev/null | tail -1) \
        && [[ $free -gt $need ]]; then
        echo /dev/shm/tresor-bench-restore
    else
        echo "$WORK/restore"
    fi
}

# On this VM, memory that has been free for a while costs the next process
# that touches it seconds of kernel time (the host takes idle pages back), so
# the first tool to restore paid for all. Writing and deleting as much as a
# restore will write, untimed, gives every tool the same start.
prefault() {
    local mib=$(( $(tree_bytes "$SRC") / 1048576 + 64 ))
    mkdir -p "$1"
    dd if=/dev/zero of="$1/.prefault" bs=1M count="$mib" status=none
    rm -f "$1/.prefault"
}

restore_phase() {
    local tool=$1 repo="$WORK/repo-$1" out="$RESTORE_ROOT/$tool"
    rm -rf "$out" && mkdir -p "$out"
    warm "$repo"
    prefault "$RESTORE_ROOT"
    sync
    "${tool}_cmd" restore "$repo" "$out"
    if measure "$tool" restore "$(tree_bytes "$SRC")" "$repo"; then
        local got
        got=$(restored_root "$out")
        if [[ -n $got ]] && diff -rq "$SRC" "$got" >"$WORK/$tool-diff.txt" 2>&1; then
            VERIFIED+=("$tool: restored tree identical to source (diff -rq: names and contents)")
        else
            VERIFIED+=("$tool: RESTORE DIFFERS (see $WORK/$tool-diff.txt)")
        fi
    else
        FAILED+=("$tool restore")
    fi
    rm -rf "$out"
}

# --- Run -------------------------------------------------------------------
FAILED=() VERIFIED=()
install_missing
has_tool tresor && build_tresor

rm -rf "$WORK" && mkdir -p "$WORK/keys" "$WORK/cache" && touch "$WORK/.tresor-bench"
log "generating practice tree ($SCALE) in $SRC"
python3 "$GEN" init "$SRC" --scale "$SCALE" --seed "$SEED"

for tool in "${TOOL_LIST[@]}"; do
    "${tool}_cmd" init "$WORK/repo-$tool"
    (cd "$WORK" && "${CMD[@]}") >"$WORK/$tool-init.log" 2>&1 || { log "$tool init failed"; cat "$WORK/$tool-init.log" >&2; exit 1; }
done

DAY=0
for tool in "${TOOL_LIST[@]}"; do backup_phase "$tool" "backup day 0"; done
log "applying day 1 changes"
python3 "$GEN" day "$SRC" --day 1 --seed "$SEED"
DAY=1
for tool in "${TOOL_LIST[@]}"; do backup_phase "$tool" "backup day 1"; done
RESTORE_ROOT=$(restore_root)
for tool in "${TOOL_LIST[@]}"; do restore_phase "$tool"; done
rm -rf /dev/shm/tresor-bench-restore

{
    echo "## tresor bench: scale $SCALE, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "Source $(tree_bytes "$SRC") bytes, $(find "$SRC" -type f | wc -l) files after day 1;" \
        "$(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo))."
    versions=()
    has_tool tresor && versions+=("$("$TRESOR" --version 2>/dev/null | head -1)")
    has_tool restic && versions+=("$(restic version | cut -d' ' -f1-2)")
    has_tool borg && versions+=("$(borg --version)")
    echo "Versions: $(IFS=,; echo "${versions[*]}" | sed 's/,/, /g')."
    echo "Each phase ran once after a warm-up read of its input (page cache warm, not dropped) and a sync;"
    echo "restores went to $RESTORE_ROOT."
    echo
    echo "| tool | phase | wall s | MiB/s | peak RSS MiB | repo MiB | repo bytes |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${RESULTS[@]}"
    echo
    printf -- '- %s\n' "${VERIFIED[@]}"
    [[ ${#FAILED[@]} -eq 0 ]] || printf -- '- FAILED: %s\n' "${FAILED[@]}"
} | tee "$WORK/results.md"
[[ ${#FAILED[@]} -eq 0 ]]
