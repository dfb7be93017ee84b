/* Fixture: providers and panels are one layer apart from each other. */
#include "panels/sheet.h"
