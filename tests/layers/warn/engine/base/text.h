/* Fixture. */
/* #include "auditing/audit.h" in a comment is not an include */
