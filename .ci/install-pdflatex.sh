#!/usr/bin/env bash
# Installs Debian's pdflatex for the LaTeX compile tests, only where it is absent.
# Never fails the CI run: without apt (or without root) those tests skip and say why.
if command -v pdflatex >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-pdflatex: apt-get not available; the pdflatex compile tests will be skipped"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "install-pdflatex: not root and no passwordless sudo; the pdflatex compile tests will be skipped"
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if $SUDO apt-get update -qq >/dev/null 2>&1 \
  && $SUDO apt-get install -y -qq texlive-latex-base texlive-latex-recommended >/dev/null 2>&1; then
  echo "install-pdflatex: installed $(pdflatex --version 2>/dev/null | head -1)"
else
  echo "install-pdflatex: apt-get could not install pdflatex; the compile tests will be skipped"
fi
exit 0
