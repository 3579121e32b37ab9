#!/usr/bin/env bash
# tests/perf/pss-map.sh PID [N] — where a process's PSS goes: /proc/PID/smaps
# summed per mapping name (a library or file, [heap], [stack], anonymous
# memory, SysV shared memory such as an X MIT-SHM segment), largest first,
# the top N (default 12) and the total. kB.
set -euo pipefail
pid=${1:?usage: pss-map.sh PID [N]}
n=${2:-12}
awk '
	# A mapping header: "start-end perms offset dev inode [name]".
	/^[0-9a-f]+-[0-9a-f]+ / {
		name = ""
		for (i = 6; i <= NF; i++) name = name (i > 6 ? " " : "") $i
		if (name == "") name = "[anonymous]"
		else if (name ~ /^\/SYSV/) name = "[SysV shm] " name
		next
	}
	/^Pss:/ { pss[name] += $2; total += $2 }
	/^Rss:/ { rss[name] += $2 }
	END {
		for (k in pss) printf "%8d %8d  %s\n", pss[k], rss[k], k
		printf "%8d %8s  %s\n", total, "", "TOTAL"
	}
' "/proc/$pid/smaps" | sort -k1,1nr | {
	echo "  PSS kB   RSS kB  mapping"
	head -n $((n + 1))
}
