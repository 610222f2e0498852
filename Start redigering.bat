@echo off
rem Starter forhaandsvisningen og aabner redigeringen i browseren.
rem Laeg handbook.exe i samme mappe som denne fil. Luk vinduet for at stoppe.
cd /d "%~dp0"
if not exist handbook.exe (
  echo Programmet handbook.exe mangler i mappen %~dp0
  echo Hent det som beskrevet i docs\redaktoervejledning.md
  pause
  exit /b 1
)
handbook.exe serve --open-editor
pause
