import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventOf, eventsOf, line, read } from '../detect/mapping/helpers.ts';

/** The Application log's software installs (Windows Installer) and crashes (Application Error), from inserts or messages. */

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function application(provider: string, id: number, second: number, data: readonly string[] | Readonly<Record<string, string>>): string {
  const inserts = Array.isArray(data)
    ? (data as readonly string[]).map((value) => `<Data>${escapeXml(value)}</Data>`).join('')
    : Object.entries(data).map(([name, value]) => `<Data Name="${name}">${escapeXml(value)}</Data>`).join('');
  return `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="${provider}"/><EventID Qualifiers="0">${String(id)}</EventID><Level>4</Level><Keywords>0x80000000000000</Keywords><TimeCreated SystemTime="2024-11-23T10:00:${String(second).padStart(2, '0')}.000000Z"/><EventRecordID>${String(second)}</EventRecordID><Channel>Application</Channel><Computer>WS01.corp.local</Computer><Security UserID="S-1-5-21-1004336348-1177238915-682003330-1131"/></System><EventData>${inserts}</EventData></Event>`;
}

void describe('Application log: Windows Installer and Application Error', () => {
  void it('reads installs, removals and transactions from their inserts (EVTX, XML)', async () => {
    const xml = [
      application('MsiInstaller', 1040, 1, ['C:\\Users\\bob\\Downloads\\ScreenConnect.ClientSetup.msi', '4242', '(NULL)', '(NULL)', '(NULL)', '(NULL)', '']),
      application('MsiInstaller', 11707, 2, ['Product: ScreenConnect Client (a1b2c3d4e5f60718) -- Installation completed successfully.', '(NULL)', '(NULL)', '(NULL)', '(NULL)', '(NULL)', '']),
      application('MsiInstaller', 1033, 3, ['ScreenConnect Client (a1b2c3d4e5f60718)', '23.9.8.8811', '1033', '0', 'ScreenConnect Software', '(NULL)', '']),
      application('MsiInstaller', 1042, 4, ['C:\\Users\\bob\\Downloads\\ScreenConnect.ClientSetup.msi', '4242', '(NULL)', '(NULL)', '(NULL)', '(NULL)', '']),
      application('MsiInstaller', 11708, 5, ['Product: Bad Tool -- Installation operation failed.', '(NULL)', '']),
      application('MsiInstaller', 1034, 6, ['Old Agent', '1.0.0', '1033', '1603', 'Old Corp', '(NULL)', '']),
    ].join('\n');
    const events = await eventsOf('application.xml', `${xml}\n`);
    assert.deepEqual(
      events.map((e) => [e.event.code, e.event.dataset, e.event.action, e.event.category, e.event.type, e.event.outcome, e.package?.name, e.package?.version, e.package?.type]),
      [
        ['1040', 'windows.application', 'msi-transaction-started', ['package'], ['info'], undefined, undefined, undefined, undefined],
        ['11707', 'windows.application', 'package-installed', ['package'], ['installation'], 'success', 'ScreenConnect Client (a1b2c3d4e5f60718)', undefined, 'msi'],
        ['1033', 'windows.application', 'package-installed', ['package'], ['installation'], 'success', 'ScreenConnect Client (a1b2c3d4e5f60718)', '23.9.8.8811', 'msi'],
        ['1042', 'windows.application', 'msi-transaction-ended', ['package'], ['info'], undefined, undefined, undefined, undefined],
        ['11708', 'windows.application', 'package-installed', ['package'], ['installation'], 'failure', 'Bad Tool', undefined, 'msi'],
        ['1034', 'windows.application', 'package-removed', ['package'], ['deletion'], 'failure', 'Old Agent', '1.0.0', 'msi'],
      ],
    );
    const [begin, , install] = events;
    assert.deepEqual([begin?.file?.path, begin?.file?.name, begin?.process?.pid], ['C:\\Users\\bob\\Downloads\\ScreenConnect.ClientSetup.msi', 'ScreenConnect.ClientSetup.msi', 4242]);
    // Who installed it: the record's user; the maker is not taken from the inserts (its place is uncertain).
    assert.deepEqual([install?.user?.id, install?.labels?.install_status, install?.labels?.package_manufacturer], ['S-1-5-21-1004336348-1177238915-682003330-1131', '0', undefined]);
  });

  void it('reads an export that keeps only the message (NXLog), the maker included', async () => {
    const event = await eventOf(
      'nxlog.json',
      line({
        EventID: 1033,
        Channel: 'Application',
        SourceName: 'MsiInstaller',
        Hostname: 'WS02.corp.local',
        EventTime: '2024-11-23 10:05:00',
        Message: 'Windows Installer installed the product. Product Name: AnyDesk. Product Version: 8.0.9. Product Language: 1033. Manufacturer: philandro Software GmbH. Installation success or error status: 0.',
      }),
    );
    assert.deepEqual(
      [event.event.action, event.event.outcome, event.package?.name, event.package?.version, event.labels?.package_manufacturer, event.labels?.install_status],
      ['package-installed', 'success', 'AnyDesk', '8.0.9', 'philandro Software GmbH', '0'],
    );
  });

  void it('reads a crash from named EventData and from the message', async () => {
    const xml = application('Application Error', 1000, 7, {
      AppName: 'lsass.exe', AppVersion: '10.0.19041.1', AppTimeStamp: '2f3c8a1b', ModuleName: 'ntdll.dll', ModuleVersion: '10.0.19041.1', ModuleTimeStamp: '1a2b3c4d',
      ExceptionCode: 'c0000005', FaultingOffset: '0x000000000009e5a1', ProcessId: '0x2d4', ProcessCreationTime: '0x01db3d8f5a6b7c8d',
      AppPath: 'C:\\Windows\\system32\\lsass.exe', ModulePath: 'C:\\Windows\\SYSTEM32\\ntdll.dll', IntegratorReportId: 'f0e1d2c3-b4a5-4968-8776-655443322110', PackageFullName: '', PackageRelativeAppId: '',
    });
    const named = await eventOf('crash.xml', `${xml}\n`);
    const message = await eventOf(
      'crash.json',
      line({
        EventID: 1000,
        Channel: 'Application',
        SourceName: 'Application Error',
        Hostname: 'WS01.corp.local',
        EventTime: '2024-11-23 10:06:00',
        Message: 'Faulting application name: lsass.exe, version: 10.0.19041.1, time stamp: 0x2f3c8a1b\r\nFaulting module name: ntdll.dll, version: 10.0.19041.1, time stamp: 0x1a2b3c4d\r\nException code: 0xc0000005\r\nFault offset: 0x000000000009e5a1\r\nFaulting process id: 0x2d4\r\nFaulting application start time: 0x01db3d8f5a6b7c8d\r\nFaulting application path: C:\\Windows\\system32\\lsass.exe\r\nFaulting module path: C:\\Windows\\SYSTEM32\\ntdll.dll\r\nReport Id: f0e1d2c3-b4a5-4968-8776-655443322110',
      }),
    );
    for (const event of [named, message]) {
      assert.deepEqual(
        [event.event.action, event.event.outcome, event.process?.name, event.process?.executable, event.process?.pid, event.labels?.module_name, event.labels?.module_path, event.labels?.app_version],
        ['application-crashed', 'failure', 'lsass.exe', 'C:\\Windows\\system32\\lsass.exe', 0x2d4, 'ntdll.dll', 'C:\\Windows\\SYSTEM32\\ntdll.dll', '10.0.19041.1'],
      );
    }
    assert.deepEqual([named.labels?.exception_code, message.labels?.exception_code], ['c0000005', 'c0000005']);
    // The rules still read the EventData names, and `Data` is every value (SigmaHQ's Application Error rules
    // match `Data|contains|all`), or the message where the export kept nothing else.
    assert.equal(named.winlog?.event_data?.['AppName'], 'lsass.exe');
    const logsource = { product: 'windows', service: 'application' };
    const namedData = read(named, logsource, 'Data');
    assert.ok(Array.isArray(namedData) && namedData.includes('lsass.exe') && namedData.includes('ntdll.dll'));
    const messageData = read(message, logsource, 'Data');
    assert.ok(Array.isArray(messageData) && messageData.length === 1 && String(messageData[0]).includes('Faulting module name: ntdll.dll'));
  });

  void it('names the log of these sources in Event Viewer\'s CSV export, which does not say it', async () => {
    const csv = [
      'Level,Date and Time,Source,Event ID,Task Category',
      'Information,11/23/2024 10:00:00 AM,MsiInstaller,1033,None,"Windows Installer installed the product. Product Name: AnyDesk. Product Version: 8.0.9. Product Language: 1033. Manufacturer: philandro Software GmbH. Installation success or error status: 0."',
      'Error,11/23/2024 10:05:00 AM,Application Error,1000,(100),"Faulting application name: lsass.exe, version: 10.0.19041.1, time stamp: 0x2f3c8a1b\nFaulting module name: ntdll.dll, version: 10.0.19041.1, time stamp: 0x1a2b3c4d\nException code: 0xc0000005\nFaulting process id: 0x2d4"',
      "Information,11/23/2024 10:06:00 AM,MSSQL$SQLEXPRESS,18456,Logon,\"Login failed for user 'sa'. Reason: Password did not match that for the login provided. [CLIENT: 203.0.113.9]\"",
    ].join('\n');
    const events = await eventsOf('application.csv', `${csv}\n`);
    assert.deepEqual(
      events.map((e) => [e.event.code, e.event.dataset, e.winlog?.channel, e.event.action, e.package?.name ?? e.process?.name ?? e.user?.name]),
      [
        ['1033', 'windows.application', 'Application', 'package-installed', 'AnyDesk'],
        ['1000', 'windows.application', 'Application', 'application-crashed', 'lsass.exe'],
        ['18456', 'windows.application', 'Application', 'login', 'sa'],
      ],
    );
  });
});
