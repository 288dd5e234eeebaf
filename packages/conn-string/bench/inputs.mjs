// Inputs shared by the vitest bench and the ratio script: valid for both parsers.
export const inputs = {
  short: "InitiateOAuth=GETANDREFRESH;Region=EU;Schema=v2.1;",
  cdata:
    "InitiateOAuth=GETANDREFRESH;OAuthClientId=1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ;OAuthClientSecret=0123456789abcdef0123456789abcdef;CallbackURL=http://localhost:33333;OAuthSettingsLocation=C:\\Users\\me\\AppData\\Roaming\\CData\\ZohoCRM\\OAuthSettings.txt;Timeout=60;UseServerSideFiltering=true;",
  sqlserver:
    "Server=tcp:myserver.database.windows.net,1433;Initial Catalog=mydb;Persist Security Info=False;User ID=admin;Password=p4ssw0rd;MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;",
  quoted:
    "Profile=C:\\profiles\\Kairos3.apip;User=my_user;ProfileSettings='Instance=my_instance;AppCd=my_appcd;APIKey=my_api_key;';Other=\"DefaultColumnSize=4000;ConvertDateTimeToGMT=true\";Password='it''s \"quoted\"'",
  long: Array.from({ length: 60 }, (_, i) => `Property${i}=value number ${i} with spaces`).join(
    ";",
  ),
};
