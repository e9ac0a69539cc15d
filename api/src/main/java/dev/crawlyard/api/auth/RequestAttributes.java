package dev.crawlyard.api.auth;

/** What the token filter tells the rest of a request about its caller. */
public final class RequestAttributes {

    /** The name of the API token used, when the caller used one. */
    public static final String TOKEN_NAME = "crawlyard.token";

    /** The task whose task token the caller used (a spider calling the monitoring API), as a Long. */
    public static final String TASK_ID = "crawlyard.taskToken.taskId";

    private RequestAttributes() {
    }
}
