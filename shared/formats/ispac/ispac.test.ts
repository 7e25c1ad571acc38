import { describe, expect, it } from 'vitest';
import { parseDtproj, readManifest } from '../dtproj.js';
import { parseXml } from '../../xml/reader.js';
import { contentTypesXml, fileNameFromPartName, ispacBytes, ispacManifestXml, ispacPartName, unzipParts } from './index.js';
import { deploymentManifestXml, packageConfigurationFiles, parseDeploymentManifest, roundTripLocalDate } from '../deployment-manifest.js';

describe('ispac part names', () => {
  it.each([
    ['Child1.dtsx', 'Child1.dtsx'],
    ['My Package.dtsx', 'My%20Package.dtsx'],
    ['100% [eu] é.dtsx', '100%25%20%5Beu%5D%20%C3%A9.dtsx'],
    ["a&b=c;d,e+f$g@h:i!j'(k)*~_-.dtsx", "a&b=c;d,e+f$g@h:i!j'(k)*~_-.dtsx"],
    ['#{x}^`.conmgr', '%23%7Bx%7D%5E%60.conmgr'],
    ['日本.dtsx', '%E6%97%A5%E6%9C%AC.dtsx'],
  ])('%s is stored as %s and decodes back', (name, part) => {
    expect(ispacPartName(name)).toBe(part);
    expect(fileNameFromPartName(part)).toBe(name);
  });
});

describe('[Content_Types].xml', () => {
  it('lists each extension once, in Visual Studio order, with a BOM', () => {
    expect(contentTypesXml(['manifest', 'params', 'DTSX', 'dtsx', 'conmgr'])).toBe(
      '\uFEFF<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="DTSX" ContentType="text/xml" /><Default Extension="conmgr" ContentType="text/xml" /><Default Extension="params" ContentType="text/xml" /><Default Extension="manifest" ContentType="text/xml" /></Types>',
    );
  });
});

describe('@Project.manifest', () => {
  const dtproj = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Project xmlns:SSIS="www.microsoft.com/SqlServer/SSIS"><DeploymentModel>Project</DeploymentModel>',
    '<DeploymentModelSpecificContent><Manifest><SSIS:Project SSIS:ProtectionLevel="DontSaveSensitive">',
    '<SSIS:Properties><SSIS:Property SSIS:Name="Name">P</SSIS:Property></SSIS:Properties>',
    '<SSIS:Packages><SSIS:Package SSIS:Name="A b.dtsx" SSIS:EntryPoint="0" /></SSIS:Packages>',
    '</SSIS:Project></Manifest></DeploymentModelSpecificContent></Project>',
  ].join('\n');

  it('declares a namespace the .dtproj declared on an ancestor, so the part stands alone', () => {
    const text = ispacManifestXml(parseDtproj(dtproj), new Map());
    expect(text.startsWith('<SSIS:Project SSIS:ProtectionLevel="DontSaveSensitive" xmlns:SSIS="www.microsoft.com/SqlServer/SSIS">')).toBe(true);
    const m = readManifest(parseXml(text).root);
    expect(m.packages.map((p) => [p.name, p.entryPoint])).toEqual([['A b.dtsx', false]]);
  });

  it('zips the parts with an empty Project.params when the project has none', () => {
    const bytes = ispacBytes({ manifest: '<x/>', projectParams: null, packages: [{ name: 'A b.dtsx', data: new Uint8Array([60, 97, 47, 62]) }], connectionManagers: [] });
    const parts = unzipParts(bytes);
    expect([...parts.keys()]).toEqual(['@Project.manifest', 'Project.params', 'A%20b.dtsx', '[Content_Types].xml']);
    expect(new TextDecoder().decode(parts.get('Project.params'))).toBe('<?xml version="1.0"?>\r\n<SSIS:Parameters xmlns:SSIS="www.microsoft.com/SqlServer/SSIS" />');
    expect(() => ispacBytes({ manifest: '<x/>', projectParams: null, packages: [{ name: 'a.dtsx', data: new Uint8Array() }, { name: 'A.dtsx', data: new Uint8Array() }], connectionManagers: [] })).toThrow(/same part/);
  });
});

describe('.SSISDeploymentManifest', () => {
  it('round-trips and stamps the date as .NET does', () => {
    const date = roundTripLocalDate(new Date(2006, 1, 24, 13, 29, 2, 653));
    expect(date).toMatch(/^2006-02-24T13:29:02\.6530000[+-]\d\d:\d\d$/);
    const m = { generatedBy: 'DOM\\me', generatedFromProjectName: 'Deployment "Tutorial"', generatedDate: date, allowConfigurationChanges: false, packages: ['A & B.dtsx'], configurationFiles: ['c.dtsConfig'], miscellaneousFiles: ['Readme.txt'] };
    expect(parseDeploymentManifest(deploymentManifestXml(m))).toEqual(m);
  });

  it('finds XML configuration files in format 8 and format 3 packages', () => {
    const f8 = '<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts"><DTS:Configurations><DTS:Configuration DTS:ConfigurationType="1" DTS:ConfigurationString="C:\\x.dtsConfig"/><DTS:Configuration DTS:ConfigurationType="7" DTS:ConfigurationString="sql"/></DTS:Configurations></DTS:Executable>';
    const f3 = '<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts"><DTS:Configuration><DTS:Property DTS:Name="ConfigurationType">1</DTS:Property><DTS:Property DTS:Name="ConfigurationString">y.dtsConfig</DTS:Property></DTS:Configuration></DTS:Executable>';
    expect(packageConfigurationFiles(parseXml(f8))).toEqual(['C:\\x.dtsConfig']);
    expect(packageConfigurationFiles(parseXml(f3))).toEqual(['y.dtsConfig']);
  });
});
