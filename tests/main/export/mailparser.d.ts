// mailparser ships no types and @types/mailparser is not a dependency: the part the tests read.
declare module 'mailparser' {
  export interface AddressObject {
    value: Array<{ name: string; address?: string }>;
    text: string;
  }
  export interface ParsedMail {
    headers: Map<string, unknown>;
    headerLines: Array<{ key: string; line: string }>;
    subject?: string;
    from?: AddressObject;
    to?: AddressObject | AddressObject[];
    date?: Date;
    messageId?: string;
    text?: string;
    html?: string | false;
    attachments: unknown[];
  }
  export function simpleParser(input: Buffer | string): Promise<ParsedMail>;
}
