#!/usr/bin/env bash
# Installs Debian's Chromium for test/browser.test.ts, only where /usr/bin/chromium is absent.
exec bash "$(dirname "$0")/install-apt.sh" /usr/bin/chromium "the browser test" chromium
