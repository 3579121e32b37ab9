#!/usr/bin/env python3
"""xwd2png.py IN.xwd OUT.png: an X window dump (xwd, 24/32 bits per pixel,
TrueColor, ZPixmap) as a PNG, with the standard library only, so the boot test
needs no ImageMagick on the host and none in the container (xwd runs there,
inside the kiosk's Xwayland, as the kiosk's user)."""
import struct
import sys
import zlib


def fail(msg):
	sys.stderr.write("%s: %s\n" % (sys.argv[1], msg))
	sys.exit(2)


def shift_of(mask):
	s = 0
	while mask and not mask & 1:
		mask >>= 1
		s += 1
	return s


def main():
	if len(sys.argv) != 3:
		sys.stderr.write("usage: xwd2png.py IN.xwd OUT.png\n")
		sys.exit(2)
	data = open(sys.argv[1], "rb").read()
	if len(data) < 100:
		fail("not an xwd dump (%d bytes)" % len(data))
	h = struct.unpack(">25I", data[:100])
	header_size, version, fmt, depth, width, height = h[0:6]
	byte_order, bpp, bpl = h[7], h[11], h[12]
	rmask, gmask, bmask, ncolors = h[14], h[15], h[16], h[19]
	if version != 7 or fmt != 2:
		fail("xwd version %d format %d, expected 7 and ZPixmap (2)" % (version, fmt))
	if bpp not in (24, 32) or depth < 24:
		fail("%d bits per pixel, depth %d: only TrueColor 24/32 is read" % (bpp, depth))
	start = header_size + ncolors * 12
	need = start + bpl * height
	if len(data) < need:
		fail("truncated: %d bytes, %d needed for %dx%d" % (len(data), need, width, height))
	step = bpp // 8
	order = "<" if byte_order == 0 else ">"
	rs, gs, bs = shift_of(rmask), shift_of(gmask), shift_of(bmask)
	rows = []
	for y in range(height):
		line = data[start + y * bpl:start + y * bpl + width * step]
		if step == 4:
			px = struct.unpack("%s%dI" % (order, width), line)
		else:
			px = [int.from_bytes(line[i:i + 3], "little" if byte_order == 0 else "big")
			      for i in range(0, len(line), 3)]
		row = bytearray(b"\0")
		for p in px:
			row += bytes(((p & rmask) >> rs, (p & gmask) >> gs, (p & bmask) >> bs))
		rows.append(bytes(row))

	def chunk(kind, body):
		return (struct.pack(">I", len(body)) + kind + body +
		        struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff))
	png = (b"\x89PNG\r\n\x1a\n" +
	       chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
	       chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) +
	       chunk(b"IEND", b""))
	with open(sys.argv[2], "wb") as f:
		f.write(png)


main()
