/* Fixture: the public API and cli.h only. */
#include "cli.h"
#include <calloff/calloff.h>
#include <stdio.h>
