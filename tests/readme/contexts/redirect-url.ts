// The address the browser was redirected to, as the application receives it.
declare const redirectUrl: string;
