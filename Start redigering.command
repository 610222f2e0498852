#!/bin/sh
# Starter forhåndsvisningen og åbner redigeringen i browseren (macOS: dobbeltklik;
# Linux: kør filen). Læg programmet `handbook` i samme mappe som denne fil.
# Luk vinduet (eller tryk Ctrl+C) for at stoppe.
cd "$(dirname "$0")" || exit 1
if [ ! -x ./handbook ]; then
  echo "Programmet handbook mangler i mappen $(pwd)."
  echo "Hent det som beskrevet i docs/redaktoervejledning.md."
  exit 1
fi
exec ./handbook serve --open-editor
