import { describe, expect, it } from 'vitest';
import { parseSln, parseSlnx, SolutionFormatError } from './sln.js';
import { parseDtproj } from './dtproj.js';
import { addPackage, removePackage, renamePackage, setEntryPoint } from './dtproj-edit.js';
import { newPackageXml, parseDtsx, setPackageObjectName } from './dtsx.js';
import { maskConnectionString, maskSecrets } from './mask.js';
import { nextPackageName, validatePackageFileName, withDtsxExtension } from './names.js';
import { newUserFile, readStartupObject, setStartupObject } from './dtproj-user.js';
import { XmlError } from '../xml/reader.js';

describe('.sln', () => {
  const sln = [
    '\uFEFF',
    'Microsoft Visual Studio Solution File, Format Version 12.00',
    'Project("{159641D6-6404-4A2A-AE62-294DE0FE8301}") = "ETL \'Main\'", "ETL\\ETL.dtproj", "{A}"',
    'EndProject',
    'Project("{c9674dcb-5085-4a16-b785-4c70dd1589bd}") = "New", "New\\New.dtproj", "{B}"',
    'EndProject',
    'Project("{2150E333-8FDC-42A3-9474-1A3956D46DE8}") = "Folder", "Folder", "{C}"',
    '\tProjectSection(SolutionItems) = preProject',
    '\tEndProjectSection',
    'EndProject',
    'Project("{D2ABAB84-BF74-430A-B69E-9DC6D40DDA17}") = "Cube", "Cube\\Cube.dwproj", "{D}"',
    'EndProject',
    'Project("{F14B399A-7131-4C87-9E4B-1186C45EF12D}") = "Reports", "Reports\\Reports.rptproj", "{E}"',
    'EndProject',
    'Global',
    'EndGlobal',
  ].join('\r\n');

  it('lists SSIS projects (both type GUIDs), foreign projects, and skips solution folders', () => {
    const s = parseSln(sln);
    expect(s.projects.map((p) => [p.name, p.kind, p.foreignKind ?? null])).toEqual([
      ["ETL 'Main'", 'ssis', null],
      ['New', 'ssis', null],
      ['Cube', 'foreign', 'Analysis Services'],
      ['Reports', 'foreign', 'Reporting Services'],
    ]);
    expect(s.projects[0]!.relativePath).toBe('ETL\\ETL.dtproj');
  });

  it('rejects files that are not solutions, with the line', () => {
    expect(() => parseSln('hello')).toThrow(SolutionFormatError);
    expect(() => parseSln('Microsoft Visual Studio Solution File, Format Version 12.00\nProject("x") = broken\n')).toThrow(/Malformed Project line \(line 2\)/);
    expect(() => parseSln('Microsoft Visual Studio Solution File, Format Version 12.00\nProject("{A}") = "a", "a.dtproj", "{B}"\n')).toThrow(/without EndProject/);
  });

  it('reads .slnx', () => {
    const s = parseSlnx('<Solution>\n  <Configurations><BuildType Name="Development"/><Platform Name="Default"/></Configurations>\n  <Folder Name="/x/">\n    <Project Path="A/A.dtproj" Type="159641d6-6404-4a2a-ae62-294de0fe8301" />\n  </Folder>\n  <Project Path="R/R.rptproj" />\n</Solution>');
    expect(s.projects.map((p) => [p.name, p.kind, p.relativePath])).toEqual([
      ['A', 'ssis', 'A/A.dtproj'],
      ['R', 'foreign', 'R/R.rptproj'],
    ]);
    expect(() => parseSlnx('<Solution><Project></Solution>')).toThrow(XmlError);
  });
});

const minimalProject = (packages: string) =>
  `<?xml version="1.0" encoding="utf-8"?><Project><DeploymentModel>Project</DeploymentModel><DeploymentModelSpecificContent><Manifest><SSIS:Project SSIS:ProtectionLevel="DontSaveSensitive" xmlns:SSIS="www.microsoft.com/SqlServer/SSIS"><SSIS:Properties><SSIS:Property SSIS:Name="Name">P</SSIS:Property></SSIS:Properties>${packages}<SSIS:DeploymentInfo><SSIS:PackageInfo /></SSIS:DeploymentInfo></SSIS:Project></Manifest></DeploymentModelSpecificContent></Project>`;

describe('.dtproj edits on unusual shapes', () => {
  it('inserts a missing EntryPoint attribute with the file prefix (absent means 1)', () => {
    const text = minimalProject('<SSIS:Packages><SSIS:Package SSIS:Name="A.dtsx"/></SSIS:Packages>');
    const p = parseDtproj(text);
    expect(p.packages[0]!.entryPoint).toBe(true);
    const off = setEntryPoint(p, 'A.dtsx', false);
    expect(off).toBe(text.replace('SSIS:Name="A.dtsx"/>', 'SSIS:Name="A.dtsx" SSIS:EntryPoint="0"/>'));
    expect(setEntryPoint(parseDtproj(off), 'a.DTSX', false)).toBe(off);
  });

  it('adds to a self-closing package list on a single-line (Biml) project and removes back to the same bytes except the expanded list', () => {
    const text = minimalProject('<SSIS:Packages />');
    const p = parseDtproj(text);
    const added = addPackage(p, { fileName: 'N.dtsx', objectName: 'N', id: '{1}', versionGuid: '{2}' });
    const p2 = parseDtproj(added);
    expect(p2.packages.map((x) => [x.name, x.entryPoint])).toEqual([['N.dtsx', true]]);
    expect(added).toContain('<SSIS:PackageMetaData SSIS:Name="N.dtsx">');
    const renamed = renamePackage(p2, 'N.dtsx', 'M.dtsx');
    expect(renamed).toContain('<SSIS:Property SSIS:Name="Name">M</SSIS:Property>');
    expect(parseDtproj(removePackage(parseDtproj(renamed), 'M.dtsx')).packages).toEqual([]);
  });

  it('refuses unknown packages, duplicates and package-model entry points', () => {
    const p = parseDtproj(minimalProject('<SSIS:Packages><SSIS:Package SSIS:Name="A.dtsx" SSIS:EntryPoint="1"/></SSIS:Packages>'));
    expect(() => setEntryPoint(p, 'B.dtsx', true)).toThrow(/does not list/);
    expect(() => addPackage(p, { fileName: 'a.dtsx', objectName: 'a', id: '', versionGuid: '' })).toThrow(/already has/);
    const pkgModel = parseDtproj('<Project><DeploymentModel>Package</DeploymentModel><DeploymentModelSpecificContent><Manifest><DTSPackages><DtsPackage FormatVersion="8"><Name>A.dtsx</Name><FullPath>Sub\\A.dtsx</FullPath></DtsPackage></DTSPackages></Manifest></DeploymentModelSpecificContent></Project>');
    expect(pkgModel.packages.map((x) => [x.name, x.fullPath, x.entryPoint])).toEqual([['A.dtsx', 'Sub\\A.dtsx', null]]);
    expect(() => setEntryPoint(pkgModel, 'A.dtsx', true)).toThrow(/project deployment model/);
    expect(renamePackage(pkgModel, 'A.dtsx', 'B.dtsx')).toContain('<FullPath>Sub\\B.dtsx</FullPath>');
  });

  it('reads pre-2012 projects without DeploymentModel as the package model', () => {
    const p = parseDtproj('<Project><ProductVersion>10.50.1600.1</ProductVersion><DTSPackages><DtsPackage FormatVersion="3"><Name>Old.dtsx</Name><FullPath>Old.dtsx</FullPath></DtsPackage></DTSPackages><Cubes /></Project>');
    expect(p.deploymentModel).toBe('Package');
    expect(p.packages[0]!.name).toBe('Old.dtsx');
  });

  it('rejects files that are not projects', () => {
    expect(() => parseDtproj('<Solution/>')).toThrow(/Not an SSIS project/);
  });
});

describe('.dtsx', () => {
  it('reads element-based format 3 packages', () => {
    const text = `<?xml version="1.0"?><DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:ExecutableType="SSIS.Package.2"><DTS:Property DTS:Name="PackageFormatVersion">3</DTS:Property><DTS:Property DTS:Name="ObjectName">Old</DTS:Property><DTS:Property DTS:Name="DTSID">{ABC}</DTS:Property><DTS:Property DTS:Name="ProtectionLevel">2</DTS:Property><DTS:Property DTS:Name="VersionBuild">7</DTS:Property></DTS:Executable>`;
    const { info, doc } = parseDtsx(text);
    expect(info).toMatchObject({ objectName: 'Old', id: '{ABC}', protectionLevel: 2, formatVersion: 3, versionBuild: 7, encrypted: false });
    expect(setPackageObjectName(doc, 'New')).toContain('<DTS:Property DTS:Name="ObjectName">New</DTS:Property>');
  });

  it('treats an omitted ProtectionLevel as 1 and detects whole-file encryption', () => {
    const plain = parseDtsx('<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:DTSID="{X}" DTS:ObjectName="P"><DTS:Property DTS:Name="PackageFormatVersion">8</DTS:Property></DTS:Executable>');
    expect(plain.info.protectionLevel).toBe(1);
    const enc = parseDtsx('<EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#"><CipherData><CipherValue>AAAA</CipherValue></CipherData></EncryptedData>');
    expect(enc.info).toMatchObject({ encrypted: true, protectionLevel: 3, formatVersion: null });
    expect(() => parseDtsx('<Project/>')).toThrow(/Not an SSIS package/);
  });

  it('writes a valid empty format-8 package with fresh DTSIDs from the injected source', () => {
    let n = 0;
    const newGuid = () => `aaaaaaaa-bbbb-4ccc-8ddd-${String(++n).padStart(12, '0')}`;
    const made = newPackageXml({ objectName: 'Package1', newGuid, now: new Date(2026, 0, 2, 15, 4, 5), creatorName: 'me' });
    expect(made.id).toBe('{AAAAAAAA-BBBB-4CCC-8DDD-000000000001}');
    expect(made.versionGuid).toBe('{AAAAAAAA-BBBB-4CCC-8DDD-000000000002}');
    expect(made.text).toContain('\r\n');
    expect(made.text).toContain('DTS:CreationDate="1/2/2026 3:04:05 PM"');
    const { info } = parseDtsx(made.text);
    expect(info).toMatchObject({ objectName: 'Package1', id: made.id, versionGuid: made.versionGuid, formatVersion: 8, protectionLevel: 1 });
    expect(() => newPackageXml({ objectName: 'x', newGuid: () => 'nope', now: new Date() })).toThrow(/not a GUID/);
  });
});

describe('masking', () => {
  it('masks passwords in connection strings, sensitive values and DPAPI blobs', () => {
    expect(maskConnectionString('Data Source=x;User ID=sa;Password=p@ss;Initial Catalog=y')).toBe('Data Source=x;User ID=sa;Password=********;Initial Catalog=y');
    expect(maskConnectionString('Server=x;PWD="a;b";')).toBe('Server=x;PWD=********;');
    // Last item of a connection string in an attribute: the rest of the XML stays intact.
    expect(maskSecrets('<C DTS:ConnectionString="Data Source=x;Password=last" />\n<D a="1;2" />')).toBe('<C DTS:ConnectionString="Data Source=x;Password=********" />\n<D a="1;2" />');
    const xml = [
      '<DTS:ConnectionManager DTS:ConnectionString="Data Source=db;User ID=sa;Password=Hunter2;" />',
      '<DTS:Password DTS:Name="Password" Sensitive="1">topsecret</DTS:Password>',
      '<SSIS:Property SSIS:Name="Value" SSIS:Sensitive="1">also-secret</SSIS:Property>',
      '<X ServerPassword="pw1" />',
      '<SSIS:Property SSIS:Name="PasswordVerifier" SSIS:Sensitive="1">AQAAANCMnd8BFdERjHoAwE/Cl+sBAAAAxyz==</SSIS:Property>',
    ].join('\n');
    const masked = maskSecrets(xml);
    for (const secret of ['Hunter2', 'topsecret', 'also-secret', 'pw1', 'AQAAANCMnd8']) expect(masked).not.toContain(secret);
    expect(masked).toContain('User ID=sa;Password=********;');
  });
});

describe('names', () => {
  it('validates like Visual Studio', () => {
    expect(validatePackageFileName("Load 'Customers' [EU] é.dtsx", [])).toBeNull();
    expect(validatePackageFileName('a:b.dtsx', [])).toMatch(/cannot contain/);
    expect(validatePackageFileName('x\u0001.dtsx', [])).toMatch(/control/);
    expect(validatePackageFileName('.dtsx', [])).toMatch(/empty/);
    expect(validatePackageFileName('a..dtsx', [])).toMatch(/period/);
    expect(validatePackageFileName('NUL.dtsx', [])).toMatch(/reserved/);
    expect(validatePackageFileName('A.dtsx', ['a.DTSX'])).toMatch(/already exists/);
    expect(validatePackageFileName('A.dtsx', ['a.DTSX'], 'a.dtsx')).toBeNull();
    expect(withDtsxExtension(' Pkg ')).toBe('Pkg.dtsx');
    expect(nextPackageName(['Package1.dtsx', 'package2.dtsx'])).toBe('Package3.dtsx');
  });
});

describe('.dtproj.user', () => {
  it('creates, reads and updates the StartUp object in place', () => {
    const fresh = newUserFile(['Development', "Dev 'B'"], 'A.dtsx');
    expect(readStartupObject(fresh)).toBe('A.dtsx');
    const existing = '<?xml version="1.0" encoding="utf-8"?>\r\n<DataTransformationsUserConfiguration>\r\n  <Configurations>\r\n    <Configuration>\r\n      <Name>Development</Name>\r\n      <Options>\r\n        <OfflineMode>false</OfflineMode>\r\n      </Options>\r\n    </Configuration>\r\n  </Configurations>\r\n</DataTransformationsUserConfiguration>';
    const set = setStartupObject(existing, 'B & C.dtsx');
    expect(set).toBe(existing.replace('<OfflineMode>false</OfflineMode>\r\n', '<OfflineMode>false</OfflineMode>\r\n        <StartObjectID>B &amp; C.dtsx</StartObjectID>\r\n'));
    expect(readStartupObject(set)).toBe('B & C.dtsx');
    expect(readStartupObject(setStartupObject(set, 'D.dtsx'))).toBe('D.dtsx');
  });
});
