# tests/fuzz/: libFuzzer targets (make fuzz) and their corpora replayed by make test.
fuzz-replay:
	@true
fuzz:
	@true
