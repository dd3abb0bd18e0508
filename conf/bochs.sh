#!/bin/bash
# Running FlexJOS under Bochs from the terminal that ran `make bochs`.
#
#   conf/bochs.sh run IMAGE CYLINDERS FS_IMAGE DIR BOOTARGS
#       boots IMAGE (CYLINDERS x 16 x 63) with FS_IMAGE as the IDE slave, COM1
#       on this terminal, and BOOTARGS on a one-sector disk (DIR/bochs-args.img,
#       read by kern/bootargs_disk.cpp: Bochs has no fw_cfg). Records Bochs's
#       pid in DIR/bochs.pid and puts the terminal back as it was afterwards.
#   conf/bochs.sh quit DIR    ends the Bochs that `run` with this DIR started
#   conf/bochs.sh break DIR   stops it in Bochs's debugger (`c` continues, `q` quits)
#
# BOCHS names the Bochs command (default bochs).
set -u

BOOTARGS_MAGIC='FLEXJOS-BOOTARGS'   # kern/bootargs_disk.h
FS_HEADS=16 FS_SECTORS=32           # any geometry works for LBA; this one divides the fs image

die() {
    echo "conf/bochs.sh: $*" >&2
    exit 1
}

# The pid recorded in DIR, if that process is still a Bochs.
running_pid() {
    local pid name
    read -r pid 2>/dev/null <"$1/bochs.pid" || return 1
    read -r name 2>/dev/null <"/proc/$pid/comm" || return 1
    case $name in bochs*) echo "$pid" ;; *) return 1 ;; esac
}

write_args_disk() {
    local disk=$1 args=$2
    [ ${#args} -le 255 ] || die "the boot argument is ${#args} characters; the kernel keeps 255"
    printf '%s\n%s' "$BOOTARGS_MAGIC" "$args" >"$disk" && truncate -s 512 "$disk"
}

run() {
    local image=$1 cylinders=$2 fs_image=$3 dir=$4 args=$5 pid fs_bytes per_cylinder saved status
    mkdir -p "$dir"
    if pid=$(running_pid "$dir"); then
        die "Bochs (pid $pid) is already running on these images; end it with: make bochs-quit"
    fi
    write_args_disk "$dir/bochs-args.img" "$args" || exit 1
    fs_bytes=$(stat -c %s "$fs_image") || exit 1
    per_cylinder=$((FS_HEADS * FS_SECTORS * 512))
    [ $((fs_bytes % per_cylinder)) -eq 0 ] || die "$fs_image is not a whole number of $per_cylinder-byte cylinders"
    # Bochs locks an image with IMAGE.lock and leaves it behind when killed;
    # no Bochs of ours runs now (checked above), so these are stale.
    rm -f "$image.lock" "$fs_image.lock" "$dir/bochs-args.img.lock"

    echo "Bochs: the console is this terminal; its messages go to $dir/bochs.log."
    echo "To quit: make bochs-quit (from another terminal); make bochs-break gives Bochs's debugger here."
    saved=$(stty -g 2>/dev/null)
    (
        echo "$BASHPID" >"$dir/bochs.pid"
        FLEXJOS_IMAGE=$image FLEXJOS_CYLINDERS=$cylinders \
        FLEXJOS_FS_IMAGE=$fs_image FLEXJOS_FS_CYLINDERS=$((fs_bytes / per_cylinder)) \
        FLEXJOS_FS_HEADS=$FS_HEADS FLEXJOS_FS_SECTORS=$FS_SECTORS FLEXJOS_ARGS_DISK=$dir/bochs-args.img \
            exec "${BOCHS:-bochs}" -q -f conf/bochsrc -rc conf/bochs.dbgrc 2>"$dir/bochs.log"
    )
    status=$?
    # Bochs's serial "term" mode leaves the terminal raw (no echo, no Ctrl-C).
    [ -n "$saved" ] && stty "$saved" 2>/dev/null
    rm -f "$dir/bochs.pid"
    # Killed by bochs-quit (SIGKILL) is the normal end; anything else may be a Bochs error.
    if [ $status -ne 0 ] && [ $status -ne 137 ]; then
        echo "Bochs exited with status $status; the end of $dir/bochs.log:" >&2
        tail -n 8 "$dir/bochs.log" >&2
    fi
    [ $status -eq 137 ] && status=0
    return $status
}

signal_bochs() {
    local signal=$1 dir=$2 pid
    pid=$(running_pid "$dir") || die "no Bochs started by make bochs is running (from $dir)"
    kill "-$signal" "$pid"
}

case ${1:-} in
run) shift; [ $# -eq 5 ] || die "usage: run IMAGE CYLINDERS FS_IMAGE DIR BOOTARGS"; run "$@" ;;
quit) signal_bochs KILL "${2:?DIR}" ;;
break) signal_bochs INT "${2:?DIR}" ;;
*) die "usage: conf/bochs.sh run|quit|break ..." ;;
esac
