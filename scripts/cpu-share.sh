# cpu-share: sourced by bench-pg.sh: holds processes to a share of a core with a cgroup CPU quota (cgroup v1's cpu
# controller, or v2's cpu.max), so that several servers on one machine can each be given what a machine of their
# own of one size would give them. Needs root and a writable cgroup file system; cpu_share_kind says which, or none.

CPU_SHARE_PERIOD=100000
CPU_SHARE_GROUPS=()

# The cgroup file system this machine lets us use: v1 (a cpu hierarchy), v2 (cpu.max), or none.
cpu_share_kind() {
    if [ "$(id -u)" != 0 ]; then echo none
    elif [ -w /sys/fs/cgroup/cpu ] && [ -e /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then echo v1
    elif grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null && [ -w /sys/fs/cgroup/cgroup.subtree_control ]; then echo v2
    else echo none
    fi
}

cpu_share_root() {
    case "$(cpu_share_kind)" in
        v1) echo /sys/fs/cgroup/cpu ;;
        v2) echo /sys/fs/cgroup ;;
    esac
}

# hold_to_share NAME CORES PID...: the processes (every thread, and what they fork later) share CORES cores.
hold_to_share() {
    local name=$1 cores=$2 root group quota pid
    shift 2
    root=$(cpu_share_root)
    [ -n "$root" ] || return 1
    group=$root/intake-bench-$name
    mkdir -p "$group"
    quota=$(awk -v c="$cores" -v p="$CPU_SHARE_PERIOD" 'BEGIN {printf "%d", c * p}')
    if [ "$(cpu_share_kind)" = v1 ]; then
        echo "$CPU_SHARE_PERIOD" >"$group/cpu.cfs_period_us"
        echo "$quota" >"$group/cpu.cfs_quota_us"
    else
        echo +cpu >"$root/cgroup.subtree_control" 2>/dev/null || true
        echo "$quota $CPU_SHARE_PERIOD" >"$group/cpu.max"
    fi
    for pid in "$@"; do echo "$pid" >"$group/cgroup.procs"; done
    CPU_SHARE_GROUPS+=("$group")
}

# The CPU time the processes of NAME were held back (throttled), in seconds: 0 means the quota never bit.
throttled_seconds() {
    local group
    group=$(cpu_share_root)/intake-bench-$1
    if [ -e "$group/cpu.stat" ]; then
        awk '$1 == "throttled_time" {printf "%.1f", $2 / 1e9} $1 == "throttled_usec" {printf "%.1f", $2 / 1e6}' "$group/cpu.stat"
    fi
}

# Every process held back goes back to the root group, and the groups are removed.
release_shares() {
    local root group pid
    root=$(cpu_share_root)
    for group in "${CPU_SHARE_GROUPS[@]}"; do
        [ -d "$group" ] || continue
        while read -r pid; do echo "$pid" >"$root/cgroup.procs" 2>/dev/null || true; done <"$group/cgroup.procs"
        rmdir "$group" 2>/dev/null || true
    done
    CPU_SHARE_GROUPS=()
}
