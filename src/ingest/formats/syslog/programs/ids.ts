import { idsAlertFields } from '../../ids-alert.ts';
import type { ProgramDecoder } from '../types.ts';

/** Suricata and Snort alerts sent to syslog (`suricata[812]: [1:2008578:4] ET SCAN … {UDP} a:5116 -> b:5060`). */
export const idsDecoder: ProgramDecoder = {
  programs: ['suricata', 'snort'],
  // The program's other messages (start-up, errors) are its own; alerts are alerts, as in fast.log.
  dataset: (program) => program,
  decode: ({ message }) => {
    const fields = idsAlertFields(message);
    return fields === undefined ? undefined : { fields, dataset: 'ids.alert' };
  },
};
