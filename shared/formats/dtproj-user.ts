/**
 * .dtproj.user (DataTransformationsUserConfiguration): per-user settings. "Set as StartUp Object" stores the
 * package file name per configuration. The element name is not documented; we write `StartObjectID` and
 * also read `StartupObject`.
 */
import { parseXml } from '../xml/reader.js';
import { appendChildEdit, applyEdits, escapeText, type TextEdit } from '../xml/edit.js';
import { childElements, firstChild, textContent } from '../xml/query.js';

const START_NAMES = ['StartObjectID', 'StartupObject'];

export function readStartupObject(text: string): string | null {
  const doc = parseXml(text);
  for (const cfg of childElements(firstChild(doc.root, 'Configurations') ?? doc.root, 'Configuration')) {
    const options = firstChild(cfg, 'Options');
    if (!options) continue;
    for (const n of START_NAMES) {
      const el = firstChild(options, n);
      if (el && textContent(el).trim()) return textContent(el).trim();
    }
  }
  return null;
}

/** A new .dtproj.user for the given configurations with the startup object set. */
export function newUserFile(configurations: readonly string[], startupObject: string, newline: '\r\n' | '\n' = '\r\n'): string {
  const cfgs = (configurations.length ? configurations : ['Development']).flatMap((name) => [
    '    <Configuration>',
    `      <Name>${escapeText(name)}</Name>`,
    '      <Options>',
    `        <StartObjectID>${escapeText(startupObject)}</StartObjectID>`,
    '      </Options>',
    '    </Configuration>',
  ]);
  return [
    '\uFEFF<?xml version="1.0" encoding="utf-8"?>',
    '<DataTransformationsUserConfiguration xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">',
    '  <Configurations>',
    ...cfgs,
    '  </Configurations>',
    '</DataTransformationsUserConfiguration>',
  ].join(newline);
}

/** Sets the startup object in every configuration of an existing .dtproj.user, splicing in place. */
export function setStartupObject(text: string, startupObject: string): string {
  const doc = parseXml(text);
  const edits: TextEdit[] = [];
  const cfgs = childElements(firstChild(doc.root, 'Configurations') ?? doc.root, 'Configuration');
  for (const cfg of cfgs) {
    const options = firstChild(cfg, 'Options');
    if (!options) continue;
    const existing = START_NAMES.map((n) => firstChild(options, n)).find((e) => e);
    if (existing) {
      edits.push(
        existing.selfClosing
          ? { start: existing.start, end: existing.end, text: `<${existing.name}>${escapeText(startupObject)}</${existing.name}>` }
          : { start: existing.startTagEnd, end: existing.endTagStart, text: escapeText(startupObject) },
      );
    } else {
      edits.push(appendChildEdit(doc, options, `<StartObjectID>${escapeText(startupObject)}</StartObjectID>`));
    }
  }
  if (edits.length === 0) throw new Error('The .dtproj.user file has no configuration to hold the StartUp object');
  return applyEdits(text, edits);
}
