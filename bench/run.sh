#!/usr/bin/env bash
# bench/run.sh — tresor vs restic vs borg vs `tar | zstd -3 -T0 | age` on a
# synthetic practice server tree.
#
#   bench/run.sh [--scale small|medium|large] [--tools tresor,restic,borg,tar]
#                [--seed N] [--restore-to DIR] [--free-source] [WORKDIR]
#
# Phases per tool: day-0 backup, day-1 backup (after gen_practice.py day 1),
# restore of one folder (DCONCEPT/DEDATA) and of the whole latest snapshot,
# each verified with diff -rq (untimed). Every restore goes into a fresh ext4
# filesystem on a loop device (needs root), or into DIR with --restore-to.
# --free-source: after the day-1 backups, keep only an MD5 manifest of the
# source and delete it, so a large tree fits the disk; restores are checked
# against the manifest. Prints a Markdown table and ratio block (also
# written to WORKDIR/results.md).
# WORKDIR (default /tmp/tresor-bench; put it on disk, not tmpfs) is wiped at
# the start.
set -euo pipefail

SCALE=small
TOOLS=tresor,restic,borg,tar
SEED=7
FREE_SOURCE=
WORK=/tmp/tresor-bench
RESTORE_TO=
while [[ $# -gt 0 ]]; do
    case "$1" in
        --scale) SCALE=$2; shift 2 ;;
        --tools) TOOLS=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        --free-source) FREE_SOURCE=1; shift ;;
        --restore-to) RESTORE_TO=$2; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) WORK=$1; shift ;;
    esac
done
IFS=, read -r -a TOOL_LIST <<<"$TOOLS"
for tool in "${TOOL_LIST[@]}"; do
    case $tool in tresor|restic|borg|tar) ;; *) echo "unknown tool $tool" >&2; exit 2 ;; esac
done

# WORK is wiped: only ever a directory this script created.
if [[ -d $WORK && -n $(ls -A "$WORK") && ! -e $WORK/.tresor-bench ]]; then
    echo "$WORK exists and is not a bench directory; refusing to wipe it" >&2
    exit 2
fi
mkdir -p "$WORK" && WORK=$(cd "$WORK" && pwd)
if [[ -n $RESTORE_TO ]]; then
    mkdir -p "$RESTORE_TO" && RESTORE_TO=$(cd "$RESTORE_TO" && pwd)
fi

HERE=$(cd "$(dirname "$0")" && pwd)
CRATE=$(cd "$HERE/.." && pwd)
GEN="$HERE/gen_practice.py"
SRC="$WORK/src"
TIME=/usr/bin/time
# The folder restored on its own ("restore folder"): the record databases.
FOLDER=DCONCEPT/DEDATA

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
    has_tool tar && ! command -v age-keygen >/dev/null && pkgs+=(age)
    has_tool tar && ! command -v zstd >/dev/null && pkgs+=(zstd)
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
# init | backup | restore | restore-folder (only $FOLDER). Keeping each tool
# in one function makes it easy to follow CLI changes. Commands run in $WORK;
# restored_root finds where each tool put the tree (OUT/src, or
# OUT/<absolute path of src>).

tresor_cmd() {
    local phase=$1 repo=$2 out=${3:-}
    # init writes the machine key and a recovery key into keys/tresor
    local key=(--key "$WORK/keys/tresor/machine.key")
    case $phase in
        init) CMD=("$TRESOR" init --repo "$repo" --key-out "$WORK/keys/tresor") ;;
        backup) CMD=("$TRESOR" backup --quiet --repo "$repo" --path "$SRC" "${key[@]}") ;;
        restore) CMD=("$TRESOR" restore latest --quiet --repo "$repo" --target "$out" "${key[@]}") ;;
        # a snapshot made with --path /a/b names it a/b (no leading slash)
        restore-folder) CMD=("$TRESOR" restore latest --quiet --repo "$repo" --target "$out"
            --include "${SRC#/}/$FOLDER" "${key[@]}") ;;
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
        # restic (0.14) names the backed-up relative path src as /src
        restore-folder) CMD=(restic restore latest --repo "$repo" --target "$out" --quiet
            --include "/src/$FOLDER") ;;
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
        restore-folder) CMD=(env -C "$out" borg extract "$repo::day$DAY" "src/$FOLDER") ;;
    esac
}

# The plain pipeline a practice could script instead: one full archive per
# day (no incremental), zstd -3 on all cores, encrypted to an age key.
# Runs under bash -o pipefail so a failure in any stage fails the phase;
# /usr/bin/time then reports the largest stage's peak RSS.
tar_cmd() {
    local phase=$1 repo=$2 out=${3:-} key="$WORK/keys/tar/age.key"
    local archive="$repo/day${DAY:-0}.tar.zst.age"
    case $phase in
        init) CMD=(bash -c 'mkdir -p "$1" "$(dirname "$2")" && age-keygen -o "$2" 2>/dev/null' \
            tar-init "$repo" "$key") ;;
        backup) CMD=(bash -o pipefail -c \
            'tar -C "$1" -cf - src | zstd -3 -T0 -q | age -r "$2" >"$3"' \
            tar-backup "$WORK" "$(age-keygen -y "$key")" "$archive") ;;
        # the whole archive is read and decrypted either way: that is the
        # honest cost of getting one folder out of it
        restore|restore-folder)
            local only=()
            [[ $phase == restore-folder ]] && only=("src/$FOLDER")
            CMD=(bash -o pipefail -c \
                'age -d -i "$1" "$2" | zstd -d -q | tar -C "$3" -xf - "${@:4}"' \
                tar-restore "$key" "$archive" "$out" "${only[@]}") ;;
    esac
}

# --- Measurement ----------------------------------------------------------
RESULTS=()
# Per "tool|phase": wall s, CPU s (user+sys), peak RSS KiB, repo bytes.
declare -A WALL CPU RSS REPOB

# Reads all of DIR so every tool starts with the same warm page cache
# (dropping caches needs privileges we may not have).
warm() { find "$1" -type f -exec cat {} + >/dev/null; }

# measure TOOL PHASE BYTES REPO: runs CMD in $WORK, records one table row.
measure() {
    local tool=$1 phase=$2 bytes=$3 repo=$4 tf="$WORK/time.txt" t0 t1
    local out="$WORK/$tool-${phase// /-}.log" k="$1|$2"
    t0=$(date +%s%N)
    if ! (cd "$WORK" && "$TIME" -v -o "$tf" "${CMD[@]}" >"$out" 2>&1); then
        log "$tool $phase FAILED, see $out"
        tail -5 "$out" >&2
        RESULTS+=("| $tool | $phase | failed | | | | | |")
        return 1
    fi
    t1=$(date +%s%N)
    WALL[$k]=$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.3f", ns / 1e9 }')
    CPU[$k]=$(awk -F': ' '/User time \(seconds\)/ {u = $2} /System time \(seconds\)/ {s = $2}
        END { printf "%.2f", u + s }' "$tf")
    RSS[$k]=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
    REPOB[$k]=$(du -sb "$repo" | cut -f1)
    RESULTS+=("$(awk -v t="$tool" -v p="$phase" -v s="${WALL[$k]}" -v cpu="${CPU[$k]}" -v b="$bytes" \
        -v rss="${RSS[$k]}" -v rb="${REPOB[$k]}" 'BEGIN {
            printf "| %s | %s | %.2f | %.2f | %.1f | %.0f | %.1f | %.0f |", t, p, s, cpu, b / 1048576 / s, rss / 1024, rb / 1048576, rb
        }')")
    log "$tool $phase done"
}

restored_root() {
    local c
    for c in "$1/src" "$1$SRC" "$1"; do
        [[ -d $c/DCONCEPT ]] && { echo "$c"; return; }
    done
    return 0
}

tree_bytes() { du -sb --apparent-size "$1" | cut -f1; }
# The source's size, measured while it exists (--free-source deletes it
# before the restores).
SRC_BYTES= FOLDER_BYTES= SRC_FILES=
src_bytes() { [[ -n $SRC_BYTES ]] && echo "$SRC_BYTES" || tree_bytes "$SRC"; }

backup_phase() {
    local tool=$1 phase=$2 repo="$WORK/repo-$1"
    warm "$SRC"
    prefault
    sync # no writeback of an earlier phase runs during this one
    "${tool}_cmd" backup "$repo"
    measure "$tool" "$phase" "$(src_bytes)" "$repo" || FAILED+=("$tool $phase")
}

# On this VM, memory that has been free for a while costs the next process
# that touches it seconds of kernel time (the host takes idle pages back), so
# the first tool to restore paid for all. Writing and deleting as much as a
# restore will write, untimed, gives every tool the same start. The bytes go
# to a tmpfs when one has room (only memory is touched), else into WORK.
prefault() {
    # Only memory is touched: into a tmpfs, at most half of what it has free
    # (on a large tree, writing the tree's size to disk would fill it).
    local mib=$(( $(src_bytes) / 1048576 + 64 )) free
    [[ -d /dev/shm ]] && free=$(df -B1 --output=avail /dev/shm 2>/dev/null | tail -1) || return 0
    (( mib > free / 2097152 )) && mib=$(( free / 2097152 ))
    dd if=/dev/zero of=/dev/shm/.tresor-bench-prefault bs=1M count="$mib" status=none
    rm -f /dev/shm/.tresor-bench-prefault
}

# --- Restore targets --------------------------------------------------------
# Every restore writes into a fresh ext4 filesystem: a sparse image in WORK
# (2 x tree + 1 GiB), made without lazy init (no ext4lazyinit thread writing
# inode tables during the timed restore) and mounted through a loop device
# with direct I/O, so the restored bytes go through one page cache (the
# mounted filesystem's) to the disk. A fresh filesystem per restore keeps
# the cost of the previous restore's deleted inodes (ext4 recently_deleted
# in the inode allocator: seconds for thousands of files on this VM) off the
# next tool's clock. With --restore-to DIR, restores go to DIR/<name> instead.
LOOP_DEV= MNT= IMG= MKFS_S= LOOP_DIO=

open_target() {
    local name=$1
    if [[ -n $RESTORE_TO ]]; then
        OUT="$RESTORE_TO/tresor-bench-$name"
        rm -rf "$OUT" && mkdir -p "$OUT"
        return
    fi
    local bytes=$(( $(src_bytes) * 2 + 1073741824 )) t0 t1
    IMG="$WORK/fs-$name.img" MNT="$WORK/mnt-$name"
    rm -f "$IMG" && truncate -s "$bytes" "$IMG"
    t0=$(date +%s%N)
    mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$IMG"
    t1=$(date +%s%N)
    MKFS_S=$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.2f", ns / 1e9 }')
    LOOP_DEV=$(losetup --find --show --direct-io=on "$IMG" 2>/dev/null) \
        || LOOP_DEV=$(losetup --find --show "$IMG")
    LOOP_DIO=$(cat "/sys/block/${LOOP_DEV#/dev/}/loop/dio" 2>/dev/null || echo 0)
    mkdir -p "$MNT" && mount "$LOOP_DEV" "$MNT"
    OUT="$MNT/out"
    mkdir "$OUT"
}

close_target() {
    if [[ -n $RESTORE_TO ]]; then
        rm -rf "${OUT:?}"
        return
    fi
    [[ -n $MNT ]] && mountpoint -q "$MNT" && umount "$MNT"
    [[ -n $LOOP_DEV ]] && losetup -d "$LOOP_DEV"
    [[ -n $IMG ]] && rm -f "$IMG"
    [[ -n $MNT ]] && { rmdir "$MNT" 2>/dev/null || true; }
    LOOP_DEV= MNT= IMG=
    return 0
}

# Mounts and loop devices left by an interrupted run under WORK.
release_stale() {
    local img dev m
    for img in "$WORK"/fs-*.img; do
        [[ -e $img ]] || continue
        for dev in $(losetup -n -O NAME -j "$img"); do
            for m in $(findmnt -rn -o TARGET -S "$dev"); do umount "$m"; done
            losetup -d "$dev"
        done
    done
}
trap '[[ -n ${OUT:-} ]] && close_target' EXIT
trap 'exit 130' INT TERM # so the EXIT trap unmounts

# restore_phase TOOL all|folder: restores, then diffs (untimed).
restore_phase() {
    local tool=$1 kind=$2 repo="$WORK/repo-$1" phase=restore sub=restore bytes
    [[ $kind == folder ]] && phase="restore folder" sub=restore-folder
    open_target "$tool-$kind"
    warm "$repo"
    prefault
    sync
    "${tool}_cmd" "$sub" "$repo" "$OUT"
    if [[ $kind == folder ]]; then bytes=$FOLDER_BYTES; else bytes=$(src_bytes); fi
    if measure "$tool" "$phase" "$bytes" "$repo"; then
        local got diff="$WORK/$tool-${phase// /-}-diff.txt"
        got=$(restored_root "$OUT")
        if [[ -z $got ]]; then
            VERIFIED+=("$tool $phase: NOTHING RESTORED")
        elif [[ -n $FREE_SOURCE ]]; then
            if verify_manifest "$got" "$kind" >"$diff" 2>&1; then
                VERIFIED+=("$tool $phase: names and MD5 of every file match the source's manifest")
            else
                VERIFIED+=("$tool $phase: RESTORE DIFFERS (see $diff)")
            fi
        elif [[ $kind == all ]] && diff -rq "$SRC" "$got" >"$diff" 2>&1; then
            VERIFIED+=("$tool $phase: restored tree identical to source (diff -rq: names and contents)")
        elif [[ $kind == folder ]] && diff -rq "$SRC/$FOLDER" "$got/$FOLDER" >"$diff" 2>&1 \
            && [[ -z $(find "$got" -mindepth 1 -not -path "$got/DCONCEPT" -not -path "$got/$FOLDER" \
                -not -path "$got/$FOLDER/*" | tee -a "$diff") ]]; then
            VERIFIED+=("$tool $phase: $FOLDER identical to source, nothing else restored")
        else
            VERIFIED+=("$tool $phase: RESTORE DIFFERS (see $diff)")
        fi
    else
        FAILED+=("$tool $phase")
    fi
    close_target
}

# verify_manifest DIR all|folder: DIR holds exactly the files of the
# source's manifest (all of it, or the folder's part), with equal MD5s.
verify_manifest() {
    local dir=$1 want="$WORK/manifest.md5"
    if [[ $2 == folder ]]; then
        grep -F "  ./$FOLDER/" "$WORK/manifest.md5" >"$WORK/manifest-folder.md5"
        want="$WORK/manifest-folder.md5"
    fi
    diff <(sed 's/^[0-9a-f]*  //' "$want") <(cd "$dir" && find . -type f | LC_ALL=C sort) &&
        (cd "$dir" && md5sum --quiet -c "$want")
}

# --- Run -------------------------------------------------------------------
FAILED=() VERIFIED=()
install_missing
has_tool tresor && build_tresor
if [[ -z $RESTORE_TO ]] && [[ $(id -u) -ne 0 ]]; then
    echo "restores into loop-mounted ext4 need root; use --restore-to DIR" >&2
    exit 2
fi

release_stale
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
SRC_BYTES=$(tree_bytes "$SRC") FOLDER_BYTES=$(tree_bytes "$SRC/$FOLDER")
SRC_FILES=$(find "$SRC" -type f | wc -l)
if [[ -n $FREE_SOURCE ]]; then
    log "manifest of the source, then deleting it (--free-source)"
    (cd "$SRC" && find . -type f | LC_ALL=C sort | xargs -d '\n' md5sum) >"$WORK/manifest.md5"
    rm -rf "$SRC"
fi
for tool in "${TOOL_LIST[@]}"; do restore_phase "$tool" folder; done
for tool in "${TOOL_LIST[@]}"; do restore_phase "$tool" all; done

# ratio A B PHASE METRIC: A's value over B's, or n/a.
ratio() {
    local -n m=$4
    local a=${m[$1|$3]:-} b=${m[$2|$3]:-}
    [[ -n $a && -n $b ]] && awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }' \
        || echo n/a
}

# day1_added TOOL: repository growth of the day-1 backup, bytes.
declare -A ADDED
for tool in "${TOOL_LIST[@]}"; do
    d0=${REPOB[$tool|backup day 0]:-} d1=${REPOB[$tool|backup day 1]:-}
    [[ -n $d0 && -n $d1 ]] && ADDED[$tool|backup day 1]=$((d1 - d0))
done

if [[ -n $RESTORE_TO ]]; then
    where="a directory under $RESTORE_TO (--restore-to), emptied before and removed after each restore"
else
    where="a fresh ext4 filesystem each (sparse image in WORKDIR, loop device with direct I/O $([[ $LOOP_DIO == 1 ]] && echo on || echo OFF), mkfs ${MKFS_S} s untimed)"
fi
{
    echo "## tresor bench: scale $SCALE, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "Source $SRC_BYTES bytes, $SRC_FILES files after day 1;" \
        "$(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo))."
    versions=()
    has_tool tresor && versions+=("$("$TRESOR" --version 2>/dev/null | head -1)")
    has_tool restic && versions+=("$(restic version | cut -d' ' -f1-2)")
    has_tool borg && versions+=("$(borg --version)")
    has_tool tar && versions+=("$(tar --version | head -1)" "zstd $(zstd -V | grep -o 'v[0-9.]*')" "age $(age --version)")
    echo "Versions: $(IFS=,; echo "${versions[*]}" | sed 's/,/, /g')."
    echo "Each phase ran once after a warm-up read of its input (page cache warm, not dropped) and a sync;"
    echo "restores went to $where."
    echo
    echo "| tool | phase | wall s | CPU s | MiB/s | peak RSS MiB | repo MiB | repo bytes |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${RESULTS[@]}"
    echo
    printf -- '- %s\n' "${VERIFIED[@]}"
    [[ ${#FAILED[@]} -eq 0 ]] || printf -- '- FAILED: %s\n' "${FAILED[@]}"
    echo
    echo "| ratio (issue 16) | value | goal |"
    echo "| --- | ---: | --- |"
    echo "| tresor ÷ tar, backup day 0 wall s | $(ratio tresor tar "backup day 0" WALL) | ≤ 1 |"
    echo "| tresor ÷ tar, restore wall s | $(ratio tresor tar restore WALL) | ≤ 1.1 |"
    echo "| tresor ÷ tar, restore folder wall s | $(ratio tresor tar "restore folder" WALL) | |"
    echo "| tresor ÷ restic, backup day 0 repo bytes | $(ratio tresor restic "backup day 0" REPOB) | ≤ 1 |"
    echo "| tresor ÷ restic, day 1 added bytes | $(ratio tresor restic "backup day 1" ADDED) | |"
    echo "| tresor ÷ restic, restore wall s | $(ratio tresor restic restore WALL) | ≤ 0.5 on many small files |"
    echo "| tresor ÷ restic, restore folder wall s | $(ratio tresor restic "restore folder" WALL) | |"
    for phase in "backup day 0" "backup day 1" "restore folder" restore; do
        echo "| tresor ÷ restic, peak RSS $phase | $(ratio tresor restic "$phase" RSS) | |"
    done
} | tee "$WORK/results.md"
[[ ${#FAILED[@]} -eq 0 ]]
