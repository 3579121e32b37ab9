# tests/perf/text-cache.gdb — how much the kiosk's text-surface cache holds.
#   gdb -q -batch -p $(pgrep -n prescreen) -x tests/perf/text-cache.gdb
# Needs a build with debug information (the default RelWithDebInfo) and the
# kiosk's main thread waiting for events (run_window -> kiosk_main); follows
# app/shell/render.c (struct render: texts[TEXT_SLOTS]). Detaches, the kiosk
# runs on.
set pagination off
thread 1
frame function kiosk_main
set $r = a.render
set $n = 0
set $bytes = 0
set $i = 0
while $i < sizeof($r->texts) / sizeof($r->texts[0])
  if $r->texts[$i].surface
    set $n = $n + 1
    set $bytes = $bytes + $r->texts[$i].surface->h * $r->texts[$i].surface->pitch
  end
  set $i = $i + 1
end
printf "text cache: %d of %d slots hold a surface, %d bytes of pixels\n", $n, sizeof($r->texts) / sizeof($r->texts[0]), $bytes
print $r->stats
detach
