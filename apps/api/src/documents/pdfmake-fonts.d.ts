// pdfmake ships its Roboto fonts with a module that resolves their paths; it has no typings.
declare module 'pdfmake/fonts/Roboto.js' {
  const fonts: { Roboto: { normal: string; bold: string; italics: string; bolditalics: string } };
  export default fonts;
}
