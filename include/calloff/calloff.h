/* The calloff public API: everything a program built on the engine may use. */
#ifndef CALLOFF_CALLOFF_H
#define CALLOFF_CALLOFF_H

#include "calloff/status.h"
#include "calloff/text.h"
#include "calloff/version.h"
#include "calloff/rules.h"
#include "calloff/inputs.h"
#include "calloff/evaluate.h"
#include "calloff/output.h"
#include "calloff/render.h"
#include "calloff/audit.h"
#include "calloff/provider.h"
#include "calloff/panel.h"
#include "calloff/decisions.h"
#include "calloff/calendar.h"

#endif
