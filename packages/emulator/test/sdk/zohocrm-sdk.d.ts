// @zohocrm/nodejs-sdk-8.0 ships JavaScript without type declarations.
declare module "@zohocrm/nodejs-sdk-8.0";
