#!/usr/bin/env bash
# Installs Debian packages a group of tests needs, only where COMMAND is absent:
#   install-apt.sh COMMAND WHAT PACKAGE...
# Never fails the CI run: without apt (or without root) those tests skip and say why.
command_name="$1"; what="$2"; shift 2
if command -v "$command_name" >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-apt: apt-get not available; $what will be skipped"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "install-apt: not root and no passwordless sudo; $what will be skipped"
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if $SUDO apt-get update -qq >/dev/null 2>&1 && $SUDO apt-get install -y -qq "$@" >/dev/null 2>&1; then
  echo "install-apt: installed $* for $what"
else
  echo "install-apt: apt-get could not install $*; $what will be skipped"
fi
exit 0
