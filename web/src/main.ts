import { createPinia } from "pinia";
import { createApp } from "vue";
import App from "./App.vue";
import { createI18n } from "./i18n";
import { startSession } from "./session";

const app = createApp(App);
app.use(createPinia());
app.use(createI18n());
app.mount("#app");
startSession();
