"""Pure rules of the directives engine: no I/O, no clock, no framework."""
