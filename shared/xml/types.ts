/**
 * The tree produced by the position-tracking XML reader. Every node keeps the source offsets (UTF-16 code
 * units into the text that was parsed) so writers can splice edits in place and leave every other byte alone.
 */

export interface XmlAttribute {
  /** Qualified name as written, e.g. "SSIS:EntryPoint". */
  readonly name: string;
  readonly prefix: string | null;
  readonly local: string;
  /** Namespace URI the prefix resolves to; null for unprefixed attributes (they have no namespace). */
  readonly ns: string | null;
  /** Value with entity and character references decoded. */
  readonly value: string;
  /** Offset of the first character of the name. */
  readonly start: number;
  /** Offset just after the closing quote. */
  readonly end: number;
  /** Offsets of the raw value between the quotes. */
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly quote: '"' | "'";
}

export interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  readonly prefix: string | null;
  readonly local: string;
  readonly ns: string | null;
  readonly attributes: readonly XmlAttribute[];
  readonly children: XmlNode[];
  /** Offset of '<' of the start tag. */
  readonly start: number;
  /** Offset just after '>' of the start tag (for a self-closing tag, the end of the element). */
  readonly startTagEnd: number;
  /** Offset of '<' of the end tag; equals startTagEnd for a self-closing element. */
  readonly endTagStart: number;
  /** Offset just after the element's last '>'. */
  readonly end: number;
  readonly selfClosing: boolean;
  /** 1-based line and column of the start tag, for messages. */
  readonly line: number;
  readonly column: number;
}

export interface XmlText {
  readonly kind: 'text' | 'cdata';
  /** Decoded text (CDATA: the content between the markers). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface XmlComment {
  readonly kind: 'comment';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface XmlProcessingInstruction {
  readonly kind: 'pi';
  readonly target: string;
  readonly data: string;
  readonly start: number;
  readonly end: number;
}

export type XmlNode = XmlElement | XmlText | XmlComment | XmlProcessingInstruction;

export interface XmlDocument {
  /** The exact text parsed (including a leading U+FEFF when the file had a BOM). */
  readonly source: string;
  readonly bom: boolean;
  /** The line ending the file uses most ('\r\n' or '\n'); '\r\n' when it has none (Visual Studio's default). */
  readonly newline: '\r\n' | '\n';
  readonly declaration: XmlProcessingInstruction | null;
  readonly root: XmlElement;
  /** Comments and PIs before and after the root element. */
  readonly prolog: readonly XmlNode[];
}

export interface XmlLimits {
  /** Maximum text length in characters (default 64 Mi). */
  readonly maxLength?: number;
  /** Maximum element nesting depth (default 256). */
  readonly maxDepth?: number;
}
